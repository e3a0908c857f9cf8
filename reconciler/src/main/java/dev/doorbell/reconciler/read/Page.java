package dev.doorbell.reconciler.read;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of a list in id order. {@code next_page_token} is null on the last page; otherwise pass
 * it back as {@code page_token} for the next one.
 */
public record Page<T>(@JsonProperty("items") List<T> items, @JsonProperty("next_page_token") String nextPageToken) {
    public Page {
        items = List.copyOf(items);
    }
}
