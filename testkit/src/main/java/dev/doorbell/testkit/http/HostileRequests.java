package dev.doorbell.testkit.http;

import dev.doorbell.testkit.http.HostileRequest.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates malformed requests against a service's endpoints, as raw bytes: not-HTTP garbage,
 * broken request lines, header fields and chunked framing, oversized heads and bodies, methods a
 * path lacks, path parameters that are not UUIDs (path traversal included), bad query values and
 * bad bodies (malformed JSON, type confusion, invalid UTF-8, wrong content types). A few hundred to
 * a few thousand cases, depending on the endpoints.
 *
 * <p>Deterministic: the same seed, host, limits and endpoints give the same cases byte for byte.
 * Every case carries at least one fault the service must reject whatever else it accepts; where
 * the fault alone decides the status (a method, a limit, a UUID) the case names that status. See
 * {@link HostileRequest} for the acceptance rule.
 */
public final class HostileRequests {
    private static final List<String> FOREIGN_METHODS = List.of("DELETE", "PATCH", "OPTIONS", "TRACE", "BREW", "PROPFIND",
            "M-SEARCH");

    private final Random random;
    private final String host;
    private final ServiceLimits limits;
    private final List<Endpoint> endpoints;
    private final List<HostileRequest> cases = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private HostileRequests(long seed, String host, ServiceLimits limits, List<Endpoint> endpoints) {
        this.random = new Random(seed);
        this.host = host;
        this.limits = limits;
        this.endpoints = List.copyOf(endpoints);
    }

    /**
     * @param seed      drives every random choice
     * @param host      the {@code Host} header value, e.g. {@code 127.0.0.1:8080}
     * @param limits    the service's body and head limits
     * @param endpoints every endpoint the service serves
     * @return the cases, in a fixed order
     */
    public static List<HostileRequest> generate(long seed, String host, ServiceLimits limits, List<Endpoint> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoints");
        }
        HostileRequests generator = new HostileRequests(seed, host, limits, endpoints);
        generator.notHttp(endpoints.get(0).path(v -> HostileValues.uuid(generator.random).toString()));
        for (Endpoint endpoint : endpoints) {
            String path = endpoint.path(v -> HostileValues.uuid(generator.random).toString());
            generator.malformed(endpoint, path);
            generator.oversized(endpoint, path);
            generator.methods(endpoint, path);
            generator.pathParameters(endpoint);
            generator.uuidHeaders(endpoint, path);
            generator.queries(endpoint, path);
            generator.bodies(endpoint, path);
        }
        return List.copyOf(generator.cases);
    }

    private void notHttp(String path) {
        for (int i = 0; i < 6; i++) {
            byte[] garbage = new byte[1 + random.nextInt(600)];
            random.nextBytes(garbage);
            add("random bytes #" + i, Kind.NOT_HTTP, garbage, 0);
        }
        for (int i = 0; i < 4; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(300);
            for (int c = 0; c < length; c++) {
                text.append(random.nextInt(20) == 0 ? '\n' : (char) (0x20 + random.nextInt(0x5f)));
            }
            add("random printable text #" + i, Kind.NOT_HTTP, latin1(text.toString()), 0);
        }
        byte[] tls = new byte[76];
        random.nextBytes(tls);
        System.arraycopy(new byte[] {0x16, 0x03, 0x01, 0x00, 0x47, 0x01, 0x00, 0x00, 0x43, 0x03, 0x03}, 0, tls, 0, 11);
        add("TLS ClientHello", Kind.NOT_HTTP, tls, 0);
        add("HTTP/2 preface", Kind.NOT_HTTP, latin1("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 0);
        add("SSH banner", Kind.NOT_HTTP, latin1("SSH-2.0-OpenSSH_9.6\r\n"), 0);
        add("SMTP greeting", Kind.NOT_HTTP, latin1("EHLO example.org\r\n"), 0);
        add("Redis PING", Kind.NOT_HTTP, latin1("*1\r\n$4\r\nPING\r\n"), 0);
        add("NUL bytes", Kind.NOT_HTTP, new byte[64], 0);
        add("blank lines only", Kind.NOT_HTTP, latin1("\r\n\r\n\r\n\r\n"), 0);
        add("request line cut before the version", Kind.NOT_HTTP, latin1("GET " + path), 0);
        add("request line without line end", Kind.NOT_HTTP, latin1("GET " + path + " HTTP/1.1"), 0);
        add("head without its blank line", Kind.NOT_HTTP, latin1("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"), 0);
        add("HTTP/0.9 request", Kind.NOT_HTTP, latin1("GET " + path + "\r\n"), 0);
        add("20 KB line without line end", Kind.NOT_HTTP, latin1("A".repeat(20_000)), 0);
        add("bare CR line ends", Kind.NOT_HTTP, latin1("GET " + path + " HTTP/1.1\rHost: " + host + "\r\r"), 0);
    }

    private void malformed(Endpoint e, String path) {
        String where = " " + e;
        // Not "http/1.1": Jetty reads the version name case-insensitively, a harmless leniency.
        for (String version : List.of("HTTP/2.0", "HTTP/1.2", "HTTP/9.9", "HTTP/1", "HTTX/1.1", "HTTP/1.1.1")) {
            add("version " + version + where, Kind.MALFORMED_HTTP,
                    withLine(e, RawRequest.line(e.method() + " " + path + " " + version).header("Host", host)), 0);
        }
        add("extra token in request line" + where, Kind.MALFORMED_HTTP,
                withLine(e, RawRequest.line(e.method() + " " + path + " HTTP/1.1 extra").header("Host", host)), 0);
        for (String method : List.of("G(T", "GE\u0001T", "<script>", "GET/")) {
            add("method token '" + printable(method) + "'" + where, Kind.MALFORMED_HTTP,
                    RawRequest.of(method, path, host).headers(e.headers()).bytes(), 0);
        }
        add("relative request target" + where, Kind.MALFORMED_HTTP, request(e, path.substring(1)).bytes(), 0);
        add("control byte in request target" + where, Kind.MALFORMED_HTTP, request(e, path + "\u0001").bytes(), 0);
        add("no Host header" + where, Kind.MALFORMED_HTTP,
                withLine(e, RawRequest.line(e.method() + " " + path + " HTTP/1.1")), 400);
        add("two Host headers" + where, Kind.MALFORMED_HTTP, request(e, path).header("Host", "other.example").bytes(), 400);
        add("Host with a space" + where, Kind.MALFORMED_HTTP,
                withLine(e, RawRequest.line(e.method() + " " + path + " HTTP/1.1").header("Host", "exa mple.org")), 400);
        add("Host with an open bracket" + where, Kind.MALFORMED_HTTP,
                withLine(e, RawRequest.line(e.method() + " " + path + " HTTP/1.1").header("Host", "[::1")), 400);
        for (String line : List.of("NoColonHere", "X-Test : 1", "X(Y): 1", "X Y: 1", "\u00fc: 1", ": empty name",
                "X-Test: a\u0000b", "X-Test: a\rb")) {
            add("header line '" + printable(line) + "'" + where, Kind.MALFORMED_HTTP, request(e, path).headerLine(line).bytes(), 400);
        }
        add("obs-fold continuation line" + where, Kind.MALFORMED_HTTP,
                request(e, path).headerLine("X-Test: a").headerLine(" folded").bytes(), 0);
        for (String length : List.of("-1", "abc", "1, 2", "99999999999999999999", "+5", "0x10")) {
            add("Content-Length '" + length + "'" + where, Kind.MALFORMED_HTTP,
                    request(e, path).header("Content-Length", length).rawBody("{}").bytes(), 0);
        }
        add("two different Content-Length headers" + where, Kind.MALFORMED_HTTP,
                request(e, path).header("Content-Length", "2").header("Content-Length", "3").rawBody("{}x").bytes(), 400);
        add("Content-Length and chunked" + where, Kind.MALFORMED_HTTP, request(e, path).header("Content-Length", "7")
                .header("Transfer-Encoding", "chunked").rawBody("2\r\n{}\r\n0\r\n\r\n").bytes(), 400);
        for (String coding : List.of("gzip", "chunked, gzip", "xchunked", "identity")) {
            add("Transfer-Encoding '" + coding + "'" + where, Kind.MALFORMED_HTTP,
                    request(e, path).header("Transfer-Encoding", coding).rawBody("2\r\n{}\r\n0\r\n\r\n").bytes(), 0);
        }
        add("Expect 999-nonsense" + where, Kind.MALFORMED_HTTP, request(e, path).header("Expect", "999-nonsense").bytes(), 417);
        add("body shorter than Content-Length" + where, Kind.MALFORMED_HTTP,
                request(e, path).header("Content-Length", "100").rawBody("{\"a\":1}").bytes(), 0);
        for (String chunks : List.of("zz\r\n{}\r\n0\r\n\r\n", "-1\r\n{}\r\n0\r\n\r\n", "ffffffffffffffffff\r\n{}\r\n0\r\n\r\n",
                "2\r\nabcdef\r\n0\r\n\r\n", "2\r\nab0\r\n\r\n", "2\r\nab\r\n", "2;\u0000\r\nab\r\n0\r\n\r\n",
                "0\r\nbad trailer line\r\n\r\n")) {
            add("chunked '" + printable(chunks) + "'" + where, Kind.MALFORMED_HTTP,
                    request(e, path).header("Transfer-Encoding", "chunked").rawBody(chunks).bytes(), 0);
        }
    }

    private void oversized(Endpoint e, String path) {
        String where = " " + e;
        int head = limits.maxHeaderBytes();
        int body = limits.maxBodyBytes();
        add("one header over the head limit" + where, Kind.OVERSIZED,
                request(e, path).header("X-Big", "y".repeat(head + 100)).bytes(), 431);
        RawRequest many = request(e, path);
        for (int i = 0; i < head / 40 + 50; i++) {
            many.header("X-Many-" + i, "z".repeat(30));
        }
        add("many headers over the head limit" + where, Kind.OVERSIZED, many.bytes(), 431);
        add("query string over the head limit" + where, Kind.OVERSIZED, request(e, path + "?q=" + "a".repeat(head + 100)).bytes(), 414);
        add("path over the head limit" + where, Kind.OVERSIZED, request(e, path + "/" + "p".repeat(head + 100)).bytes(), 414);
        add("body one byte over the limit" + where, Kind.OVERSIZED,
                RawRequest.of(e.method(), path, host).headers(e.headers()).json(" ".repeat(body + 1)).bytes(), 413);
        StringBuilder chunked = new StringBuilder();
        for (int sent = 0; sent <= body; sent += 4096) {
            chunked.append("1000\r\n").append(" ".repeat(4096)).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        add("chunked body over the limit" + where, Kind.OVERSIZED, RawRequest.of(e.method(), path, host).headers(e.headers())
                .header("Content-Type", "application/json").header("Transfer-Encoding", "chunked").rawBody(chunked.toString()).bytes(), 413);
        add("Content-Length of a terabyte" + where, Kind.OVERSIZED, RawRequest.of(e.method(), path, host).headers(e.headers())
                .header("Content-Type", "application/json").header("Content-Length", "1000000000000").bytes(), 413);
    }

    private void methods(Endpoint e, String path) {
        Set<String> allowed = new HashSet<>();
        for (Endpoint other : endpoints) {
            if (other.matches(path)) {
                allowed.add(other.method());
            }
        }
        Set<String> foreign = new LinkedHashSet<>(FOREIGN_METHODS);
        foreign.add(e.method().toLowerCase(Locale.ROOT));
        foreign.removeAll(allowed);
        for (String method : foreign) {
            add("method " + method + " on " + e, Kind.BAD_METHOD, RawRequest.of(method, path, host).headers(e.headers()).bytes(), 405);
        }
    }

    private void pathParameters(Endpoint e) {
        for (String variable : e.variables()) {
            for (PathValue value : HostileValues.pathValues(random)) {
                String path = e.path(v -> v.equals(variable) ? value.encoded() : HostileValues.uuid(random).toString());
                add("path parameter " + e + " " + variable + "='" + value.label() + "'", Kind.BAD_PATH_PARAMETER,
                        request(e, path).bytes(), value.oneSegment() ? 400 : 0);
            }
        }
    }

    private void uuidHeaders(Endpoint e, String path) {
        for (String header : e.uuidHeaders()) {
            for (String value : HostileValues.headerValues(random)) {
                String label = value.length() > 40 ? value.substring(0, 8) + "...(" + value.length() + ")" : value;
                add("header " + e + " " + header + "='" + label + "'", Kind.BAD_HEADER,
                        request(e, path).header(header, value).bytes(), 400);
            }
        }
    }

    private void queries(Endpoint e, String path) {
        for (String parameter : e.queryParams()) {
            for (String value : HostileValues.queryValues()) {
                String label = value.length() > 30 ? value.substring(0, 8) + "...(" + value.length() + ")" : value;
                add("query " + e + " " + parameter + "='" + label + "'", Kind.BAD_QUERY,
                        request(e, path + "?" + parameter + "=" + value).bytes(), 0);
            }
        }
    }

    private void bodies(Endpoint e, String path) {
        if (!e.readsJson()) {
            return;
        }
        for (HostileBody body : HostileValues.bodies(e.sampleBody(), random)) {
            RawRequest request = RawRequest.of(e.method(), path, host).headers(e.headers());
            if (body.contentType() != null) {
                request.header("Content-Type", body.contentType());
            }
            add("body " + e + " " + printable(body.label()), Kind.BAD_BODY, request.body(body.bytes()).bytes(), 0);
        }
    }

    /** The endpoint's own request: its method, path, headers and (if it reads JSON) its sample body. */
    private RawRequest request(Endpoint e, String target) {
        return carrying(e, RawRequest.of(e.method(), target, host));
    }

    /** {@code request} with the endpoint's headers and (if it reads JSON) its sample body. */
    private static RawRequest carrying(Endpoint e, RawRequest request) {
        request.headers(e.headers());
        return e.readsJson() ? request.json(e.sampleBody()) : request;
    }

    /** A request with a request line (and {@code Host}) of its own, closing the connection, carrying the endpoint's rest. */
    private static byte[] withLine(Endpoint e, RawRequest line) {
        return carrying(e, line.header("Connection", "close")).bytes();
    }

    private void add(String name, Kind kind, byte[] bytes, int expectedStatus) {
        String unique = name;
        for (int i = 2; !names.add(unique); i++) {
            unique = name + " #" + i;
        }
        cases.add(new HostileRequest(unique, kind, bytes, expectedStatus));
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
