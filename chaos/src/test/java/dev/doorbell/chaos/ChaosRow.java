package dev.doorbell.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One scenario's result: what was broken, how big the storm was, how long the database took to
 * equal every sled's state once the fault healed, and how many VMMs it never caught up with.
 *
 * @param scenario   the scenario's name, numbered ({@code "1 broker killed"}) so rows sort in the order
 * @param fault      the fault injected, in a few words
 * @param vmms       VMMs in the storm
 * @param stateChanges state changes the sleds made during the scenario
 * @param timeToConvergeMillis from the fault healing to the database equal to the sleds
 * @param lost       VMMs whose database generation was below the sled's when the bound ran out
 * @param recordedAt when the row was written
 * @param cores      processors of the machine that ran it
 */
public record ChaosRow(String scenario, String fault, int vmms, long stateChanges, long timeToConvergeMillis, long lost,
                       Instant recordedAt, int cores) {

    public ChaosRow {
        Objects.requireNonNull(scenario);
        Objects.requireNonNull(fault);
        Objects.requireNonNull(recordedAt);
    }

    public Duration timeToConverge() {
        return Duration.ofMillis(timeToConvergeMillis);
    }

    /** The leading number of {@link #scenario()}, or {@link Integer#MAX_VALUE} when it has none. */
    int number() {
        int end = 0;
        while (end < scenario.length() && Character.isDigit(scenario.charAt(end))) {
            end++;
        }
        return end == 0 ? Integer.MAX_VALUE : Integer.parseInt(scenario.substring(0, end));
    }
}
