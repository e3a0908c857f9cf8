package dev.doorbell.sledsim;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.doorbell.model.SledVmmState;
import java.util.List;
import java.util.UUID;

/**
 * One page of {@code GET /vmms}: the sled's VMMs in id order, as dropshot pages a list
 * ({@code items}, and {@code next_page} to pass back as {@code page_token}; null on the last page).
 *
 * @param items    the VMMs of this page with their state in the request's version
 * @param nextPage the token of the next page, or null
 */
public record VmmList(@JsonProperty("items") List<Item> items, @JsonProperty("next_page") String nextPage) {

    public VmmList {
        items = List.copyOf(items);
    }

    /** One VMM and its state. */
    public record Item(@JsonProperty("id") UUID id, @JsonProperty("state") SledVmmState state) {}
}
