package dev.doorbell.testkit.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One endpoint of a service under test, as much as {@link HostileRequests} needs to know of it.
 *
 * @param method      the method its route is registered for
 * @param template    its path template; every {@code {name}} variable must hold a UUID
 * @param sampleBody  a valid JSON body for it, or {@code null} if it reads no JSON body; hostile bodies
 *                    are derived from it, and it rides along where the fault lies elsewhere
 * @param queryParams the query parameters it reads
 * @param headers     headers every request to it carries (e.g. {@code api-version}), so that the fault
 *                    a case injects is the only one
 * @param uuidHeaders headers it reads whose values must be UUIDs (e.g. {@code sled-id})
 */
public record Endpoint(String method, String template, String sampleBody, List<String> queryParams,
                       Map<String, String> headers, List<String> uuidHeaders) {

    public Endpoint {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(template, "template");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("template must start with '/': " + template);
        }
        queryParams = List.copyOf(queryParams);
        headers = Map.copyOf(headers);
        uuidHeaders = List.copyOf(uuidHeaders);
    }

    /** An endpoint that reads no body, no query and no particular header. */
    public static Endpoint of(String method, String template) {
        return new Endpoint(method, template, null, List.of(), Map.of(), List.of());
    }

    /** This endpoint, reading a JSON body of which {@code sample} is a valid instance. */
    public Endpoint withJsonBody(String sample) {
        return new Endpoint(method, template, Objects.requireNonNull(sample, "sample").strip(), queryParams, headers, uuidHeaders);
    }

    /** This endpoint, reading these query parameters. */
    public Endpoint withQueryParams(String... names) {
        return new Endpoint(method, template, sampleBody, List.of(names), headers, uuidHeaders);
    }

    /** This endpoint, with a header every request to it carries. */
    public Endpoint withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Endpoint(method, template, sampleBody, queryParams, more, uuidHeaders);
    }

    /** This endpoint, reading these headers as UUIDs. */
    public Endpoint withUuidHeaders(String... names) {
        return new Endpoint(method, template, sampleBody, queryParams, headers, List.of(names));
    }

    public boolean readsJson() {
        return sampleBody != null;
    }

    /** @return the names of the template's variables, in order */
    public List<String> variables() {
        List<String> names = new ArrayList<>();
        for (String segment : segments()) {
            if (isVariable(segment)) {
                names.add(segment.substring(1, segment.length() - 1));
            }
        }
        return names;
    }

    /** @return the path with each variable replaced by {@code valueOf(name)} (inserted as given, not encoded) */
    public String path(Function<String, String> valueOf) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments()) {
            path.append('/').append(isVariable(segment) ? valueOf.apply(segment.substring(1, segment.length() - 1)) : segment);
        }
        return path.isEmpty() ? "/" : path.toString();
    }

    /** @return whether a concrete path (no query) matches this template, a variable matching any one non-empty segment */
    public boolean matches(String path) {
        List<String> want = segments();
        String[] got = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
        if (got.length != want.size()) {
            return false;
        }
        for (int i = 0; i < got.length; i++) {
            if (isVariable(want.get(i)) ? got[i].isEmpty() : !want.get(i).equals(got[i])) {
                return false;
            }
        }
        return true;
    }

    private List<String> segments() {
        return template.equals("/") ? List.of() : List.of(template.substring(1).split("/", -1));
    }

    private static boolean isVariable(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
