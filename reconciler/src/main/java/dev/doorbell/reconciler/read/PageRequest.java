package dev.doorbell.reconciler.read;

import dev.doorbell.http.HttpRequest;
import dev.doorbell.http.ProblemException;
import dev.doorbell.http.Uuids;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keyset paging over ids: {@code ?limit=} (1..{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT})
 * and either {@code page_token=} (opaque, from the previous page) or {@code after=<id>}. Stable
 * under concurrent inserts: a page starts strictly after the last id of the one before.
 *
 * @param after the id to start after, or empty for the first page
 */
public record PageRequest(int limit, Optional<UUID> after) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final String TOKEN_PREFIX = "after:";

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }

    /** Reads the paging parameters; 400 for a malformed or out-of-range one, or both {@code page_token} and {@code after}. */
    public static PageRequest from(HttpRequest request) {
        int limit = request.queryParam("limit").map(PageRequest::parseLimit).orElse(DEFAULT_LIMIT);
        Optional<String> token = request.queryParam("page_token");
        Optional<String> after = request.queryParam("after");
        if (token.isPresent() && after.isPresent()) {
            throw ProblemException.badRequest("give page_token or after, not both");
        }
        Optional<UUID> start = token.map(PageRequest::decodeToken)
                .or(() -> after.map(text -> Uuids.parse(text).orElseThrow(
                        () -> ProblemException.badRequest("after must be a UUID"))));
        return new PageRequest(limit, start);
    }

    /**
     * @param rows up to {@code limit + 1} rows read after {@link #after()} in id order: the extra row
     *     only tells that there is a next page
     */
    public <T> Page<T> page(List<T> rows, Function<T, UUID> id) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, encodeToken(id.apply(items.get(items.size() - 1))));
    }

    static String encodeToken(UUID after) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + after).getBytes(StandardCharsets.UTF_8));
    }

    static UUID decodeToken(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(TOKEN_PREFIX)) {
                Optional<UUID> id = Uuids.parse(text.substring(TOKEN_PREFIX.length()));
                if (id.isPresent()) {
                    return id.get();
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64: reported below
        }
        throw ProblemException.badRequest("invalid page_token");
    }

    private static int parseLimit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest("limit must be an integer from 1 to " + MAX_LIMIT);
    }
}
