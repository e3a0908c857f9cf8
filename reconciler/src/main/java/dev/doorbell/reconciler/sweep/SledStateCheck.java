package dev.doorbell.reconciler.sweep;

import dev.doorbell.model.VmmStatesResponse;
import dev.doorbell.reconciler.control.SledAgentClient;
import dev.doorbell.reconciler.control.SledEndpoint;
import dev.doorbell.reconciler.control.SledRejectedException;
import dev.doorbell.reconciler.control.SledUnavailableException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How the {@link WatcherSweep} asks a sled, in bulk, for the states of the VMMs the database places
 * on it ({@code POST /vmms/states}, API 2.0.0+). Any failure (an exception of any kind) makes the
 * sweep ring that sled's VMMs as omicron's watcher does.
 */
@FunctionalInterface
public interface SledStateCheck {

    /**
     * @param ids at most {@link dev.doorbell.model.VmmStatesRequest#MAX_IDS} VMMs
     * @return the sled's answer: the states it knows and the ids it does not
     */
    VmmStatesResponse states(SledEndpoint sled, List<UUID> ids) throws SledUnavailableException, SledRejectedException;

    /** The HTTP check: {@link SledAgentClient#states}, with that client's timeouts. */
    static SledStateCheck over(SledAgentClient client) {
        Objects.requireNonNull(client, "client");
        return client::states;
    }
}
