package dev.doorbell.reconciler.sweep;

import dev.doorbell.model.VmmStatesRequest;
import dev.doorbell.reconciler.control.SledEndpoint;
import dev.doorbell.reconciler.control.VmmGenerations;
import dev.doorbell.reconciler.control.VmmGenerations.Generations;
import dev.doorbell.reconciler.sweep.SweepComparison.MigrationGens;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep's questions to the sleds: groups each page of VMMs by sled, asks each sled that can be
 * asked for their states in bulk (one request per {@link VmmStatesRequest#MAX_IDS} ids, one sled
 * after another) and compares ({@link SweepComparison}). A sled that cannot be asked (not
 * registered, expunged, no version with the batch endpoint) or whose request failed is not asked
 * again in this sweep: its VMMs are unchecked, to be rung as omicron's watcher does. Each such sled
 * is logged once per sweep. Not thread-safe: one per sweep.
 */
final class SledAsker {

    private static final Logger LOG = LoggerFactory.getLogger(SledAsker.class);

    /** Reads the database's rows of the given migrations. */
    @FunctionalInterface
    interface MigrationLookup {
        Map<UUID, MigrationGens> read(Set<UUID> ids) throws SQLException;
    }

    /**
     * One page's verdicts.
     *
     * @param ring      VMMs their sled knows something of that the database does not
     * @param confirmed VMMs in sync with their sled's answer
     * @param unchecked VMMs whose sled could not be asked (or did not mention them)
     */
    record Checked(List<SweptVmm> ring, List<SweptVmm> confirmed, List<SweptVmm> unchecked) {}

    private record Asked(List<SweptVmm> vmms, Map<UUID, Generations> known, Set<UUID> unknown) {}

    private final SledStateCheck check;
    private final Set<UUID> givenUp = new HashSet<>();
    private long requests;

    SledAsker(SledStateCheck check) {
        this.check = check;
    }

    /** Asks the sleds of {@code page} and compares; reads migrations through {@code migrations} only if a sled reported one. */
    Checked check(List<SweptVmm> page, MigrationLookup migrations) throws SQLException {
        Map<UUID, List<SweptVmm>> bySled = new LinkedHashMap<>();
        for (SweptVmm vmm : page) {
            bySled.computeIfAbsent(vmm.sled().id(), id -> new ArrayList<>()).add(vmm);
        }
        List<Asked> answers = new ArrayList<>();
        List<SweptVmm> unchecked = new ArrayList<>();
        for (List<SweptVmm> vmms : bySled.values()) {
            ask(vmms.getFirst().sled(), vmms, answers, unchecked);
        }
        Set<UUID> migrationIds = new HashSet<>();
        for (Asked a : answers) {
            migrationIds.addAll(SweepComparison.migrationIds(a.known().values()));
        }
        Map<UUID, MigrationGens> rows = migrationIds.isEmpty() ? Map.of() : migrations.read(migrationIds);
        List<SweptVmm> ring = new ArrayList<>();
        List<SweptVmm> confirmed = new ArrayList<>();
        for (Asked a : answers) {
            SweepComparison.Decision d = SweepComparison.decide(a.vmms(), a.known(), a.unknown(), rows);
            ring.addAll(d.ring());
            confirmed.addAll(d.confirmed());
            unchecked.addAll(d.unchecked());
        }
        return new Checked(ring, confirmed, unchecked);
    }

    /** Sleds this sweep could not ask. */
    int sledsGivenUp() {
        return givenUp.size();
    }

    /** Bulk requests this sweep sent. */
    long requests() {
        return requests;
    }

    private void ask(SweptSled sled, List<SweptVmm> vmms, List<Asked> answers, List<SweptVmm> unchecked) {
        if (check == null || givenUp.contains(sled.id())) {
            unchecked.addAll(vmms);
            return;
        }
        Optional<SledEndpoint> endpoint = sled.batchEndpoint();
        if (endpoint.isEmpty()) {
            givenUp.add(sled.id());
            LOG.atDebug().addKeyValue("sled", sled.id()).addKeyValue("registered", sled.address() != null)
                    .addKeyValue("versions", sled.apiVersions())
                    .log("sweep cannot ask this sled in bulk; ringing its VMMs");
            unchecked.addAll(vmms);
            return;
        }
        for (int from = 0; from < vmms.size(); from += VmmStatesRequest.MAX_IDS) {
            List<SweptVmm> chunk = vmms.subList(from, Math.min(vmms.size(), from + VmmStatesRequest.MAX_IDS));
            try {
                requests++;
                VmmGenerations answer = check.generations(endpoint.get(), chunk.stream().map(SweptVmm::id).toList());
                answers.add(new Asked(List.copyOf(chunk), answer.known(), answer.unknown()));
            } catch (Exception e) { // any failure: the sled is rung as omicron's watcher does
                givenUp.add(sled.id());
                LOG.atInfo().addKeyValue("sled", sled.id()).addKeyValue("address", sled.address())
                        .log("sweep could not ask this sled in bulk ({}); ringing its VMMs", e.toString());
                unchecked.addAll(vmms.subList(from, vmms.size()));
                return;
            }
        }
    }
}
