package dev.doorbell.reconciler.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.doorbell.http.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Page tokens and paging, for generated ids, junk and page sizes (QuickTheories). */
class PageRequestPropertyTest {

    @Test
    void aTokenNamesExactlyTheIdItWasMadeFrom() {
        qt().forAll(longs().all(), longs().all()).checkAssert((high, low) -> {
            UUID id = new UUID(high, low);
            assertThat(PageRequest.decodeToken(PageRequest.encodeToken(id))).isEqualTo(id);
        });
    }

    @Test
    void anythingElseIsRejectedAsABadRequest() {
        // a real token is base64url of "after:" + a 36-character UUID: 56 characters
        qt().forAll(strings().allPossible().ofLengthBetween(0, 60))
                .assuming(junk -> junk.length() != 56)
                .checkAssert(junk -> assertThatThrownBy(() -> PageRequest.decodeToken(junk))
                        .isInstanceOf(ProblemException.class)
                        .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400)));
    }

    /** Pages of any size cover the rows exactly once, and only a page with rows after it has a token. */
    @Test
    void pagesPartitionTheRows() {
        qt().forAll(integers().between(0, 40), integers().between(1, 12)).checkAssert((rows, limit) -> {
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
        });
    }
}
