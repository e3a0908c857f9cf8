package dev.doorbell.reconciler.audit;

import dev.doorbell.reconciler.read.Page;
import dev.doorbell.reconciler.read.ReadApiClient;
import dev.doorbell.reconciler.read.SledView;
import dev.doorbell.reconciler.read.VmmView;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The database's side of an audit, as the read API shows it. Failures are unchecked
 * ({@link dev.doorbell.reconciler.read.ReadApiException} over HTTP) and end the audit.
 */
public interface FleetView {

    /** Every registered sled. */
    List<SledView> sleds();

    /**
     * One page of the VMMs the database places on {@code sled}, in id order.
     *
     * @param pageToken the previous page's {@code next_page_token}, or null for the first page
     */
    Page<VmmView> vmms(UUID sled, String pageToken, int limit);

    /** The VMM's row now, empty if the database has none. */
    Optional<VmmView> vmm(UUID id);

    /** The read API over HTTP. */
    static FleetView over(ReadApiClient client) {
        Objects.requireNonNull(client, "client");
        return new FleetView() {
            @Override
            public List<SledView> sleds() {
                return client.sleds();
            }

            @Override
            public Page<VmmView> vmms(UUID sled, String pageToken, int limit) {
                return client.vmms(sled, pageToken, limit);
            }

            @Override
            public Optional<VmmView> vmm(UUID id) {
                return client.vmm(id);
            }
        };
    }
}
