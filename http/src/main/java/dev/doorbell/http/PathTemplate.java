package dev.doorbell.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A path like {@code /vmms/{id}/state}: literal segments match exactly, {@code {name}} segments
 * match any one non-empty segment and are captured under {@code name}.
 */
public record PathTemplate(String text, List<String> segments) {

    public PathTemplate {
        Objects.requireNonNull(text, "text");
        segments = List.copyOf(segments);
    }

    /** @throws IllegalArgumentException unless {@code text} starts with '/' and has no empty segments */
    public static PathTemplate parse(String text) {
        if (text == null || !text.startsWith("/")) {
            throw new IllegalArgumentException("path template must start with '/': " + text);
        }
        List<String> segments = split(text);
        for (String s : segments) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty segment in path template: " + text);
            }
        }
        return new PathTemplate(text, segments);
    }

    /** @return the captured variables if {@code path} matches */
    public Optional<Map<String, String>> match(String path) {
        List<String> parts = split(path);
        if (parts.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> vars = null;
        for (int i = 0; i < parts.size(); i++) {
            String want = segments.get(i);
            String got = parts.get(i);
            if (isVariable(want)) {
                if (got.isEmpty()) {
                    return Optional.empty();
                }
                if (vars == null) {
                    vars = new HashMap<>(4);
                }
                vars.put(want.substring(1, want.length() - 1), got);
            } else if (!want.equals(got)) {
                return Optional.empty();
            }
        }
        return Optional.of(vars == null ? Map.of() : vars);
    }

    private static boolean isVariable(String segment) {
        return segment.length() > 2 && segment.charAt(0) == '{' && segment.charAt(segment.length() - 1) == '}';
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>(4);
        if (path.equals("/")) {
            return parts;
        }
        int from = 1;
        while (true) {
            int slash = path.indexOf('/', from);
            if (slash < 0) {
                parts.add(path.substring(from));
                return parts;
            }
            parts.add(path.substring(from, slash));
            from = slash + 1;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
