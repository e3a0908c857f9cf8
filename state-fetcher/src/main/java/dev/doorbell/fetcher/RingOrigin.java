package dev.doorbell.fetcher;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a doorbell came from, for dead-letter headers: topic, partition, offset. */
public record RingOrigin(@JsonProperty("topic") String topic, @JsonProperty("partition") int partition,
                         @JsonProperty("offset") long offset) {

    static final RingOrigin UNKNOWN = new RingOrigin("", -1, -1);
}
