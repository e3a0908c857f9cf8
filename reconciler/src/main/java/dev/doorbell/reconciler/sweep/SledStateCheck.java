package dev.doorbell.reconciler.sweep;

import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmStatesResponse;
import dev.doorbell.reconciler.control.SledAgentClient;
import dev.doorbell.reconciler.control.SledEndpoint;
import dev.doorbell.reconciler.control.SledRejectedException;
import dev.doorbell.reconciler.control.SledUnavailableException;
import dev.doorbell.reconciler.control.VmmGenerations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * How the {@link WatcherSweep} asks a sled, in bulk, for the states of the VMMs the database places
 * on it ({@code POST /vmms/states}, API 2.0.0+). Any failure (an exception of any kind) makes the
 * sweep ring that sled's VMMs as omicron's watcher does. The audit ({@code dev.doorbell.reconciler.audit}) asks
 * through {@link #overAnyVersion}, which reads an older sled one VMM at a time.
 */
@FunctionalInterface
public interface SledStateCheck {

    /**
     * @param ids at most {@link dev.doorbell.model.VmmStatesRequest#MAX_IDS} VMMs
     * @return the sled's answer: the states it knows and the ids it does not
     */
    VmmStatesResponse states(SledEndpoint sled, List<UUID> ids) throws SledUnavailableException, SledRejectedException;

    /**
     * What the sweep compares of {@link #states}: each VMM's generations and migration ids. By default taken from
     * {@link #states}; the HTTP check decodes only these fields ({@link SledAgentClient#generations}).
     */
    default VmmGenerations generations(SledEndpoint sled, List<UUID> ids) throws SledUnavailableException, SledRejectedException {
        return VmmGenerations.of(states(sled, ids));
    }

    /** The HTTP check: {@link SledAgentClient#states} and {@link SledAgentClient#generations}, with that client's timeouts. */
    static SledStateCheck over(SledAgentClient client) {
        Objects.requireNonNull(client, "client");
        return new SledStateCheck() {
            @Override
            public VmmStatesResponse states(SledEndpoint sled, List<UUID> ids) throws SledUnavailableException, SledRejectedException {
                return client.states(sled, ids);
            }

            @Override
            public VmmGenerations generations(SledEndpoint sled, List<UUID> ids)
                    throws SledUnavailableException, SledRejectedException {
                return client.generations(sled, ids);
            }
        };
    }

    /**
     * The HTTP check at any API version: in bulk ({@link SledAgentClient#states}) where the endpoint's
     * version has {@code POST /vmms/states}, otherwise one {@link SledAgentClient#state} per VMM (an
     * older sled), gathered into the same answer.
     */
    static SledStateCheck overAnyVersion(SledAgentClient client) {
        Objects.requireNonNull(client, "client");
        return (sled, ids) -> {
            if (sled.apiVersion().supportsBatchStates()) {
                return client.states(sled, ids);
            }
            Map<UUID, SledVmmState> known = new HashMap<>();
            List<UUID> unknown = new ArrayList<>();
            for (UUID id : ids) {
                client.state(sled, id).ifPresentOrElse(state -> known.put(id, state), () -> unknown.add(id));
            }
            return new VmmStatesResponse(known, unknown);
        };
    }
}
