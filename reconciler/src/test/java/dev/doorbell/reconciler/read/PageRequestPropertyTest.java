package dev.doorbell.reconciler.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.http.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PageRequestPropertyTest {

    @Property
    void aTokenNamesExactlyTheIdItWasMadeFrom(@ForAll long high, @ForAll long low) {
        UUID id = new UUID(high, low);
        assertThat(PageRequest.decodeToken(PageRequest.encodeToken(id))).isEqualTo(id);
    }

    @Property
    void anythingElseIsRejectedAsABadRequest(@ForAll @Size(max = 60) String junk) {
        // a real token is base64url of "after:" + a 36-character UUID: 56 characters
        if (junk.length() == 56) {
            return;
        }
        assertThatThrownBy(() -> PageRequest.decodeToken(junk)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400));
    }

    /** Pages of any size cover the rows exactly once, and only a page with rows after it has a token. */
    @Property
    void pagesPartitionTheRows(@ForAll @IntRange(min = 0, max = 40) int rows, @ForAll @IntRange(min = 1, max = 12) int limit) {
        List<UUID> all = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            all.add(new UUID(0, i + 1));
        }
        List<UUID> seen = new ArrayList<>();
        Optional<UUID> after = Optional.empty();
        for (int pages = 0; pages <= rows + 1; pages++) {
            PageRequest request = new PageRequest(limit, after);
            int start = after.map(a -> all.indexOf(a) + 1).orElse(0);
            List<UUID> read = all.subList(start, Math.min(all.size(), start + limit + 1)); // as the query reads: limit + 1
            Page<UUID> page = request.page(read, id -> id);
            seen.addAll(page.items());
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            if (page.nextPageToken() == null) {
                break;
            }
            after = Optional.of(PageRequest.decodeToken(page.nextPageToken()));
        }
        assertThat(seen).containsExactlyElementsOf(all);
    }
}
