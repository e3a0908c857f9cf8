package dev.doorbell.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;

/**
 * A matched request with its whole body (already checked against the size limit). Accessors that
 * validate input throw {@link ProblemException} with a 400 so handlers need no checks of their own.
 */
public final class HttpRequest {
    private static final int MAX_ECHO = 64;
    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final HttpFields headers;
    private final byte[] body;
    private final ObjectMapper mapper;
    private final String rawQuery;

    HttpRequest(String method, String path, Map<String, String> pathParams, HttpFields headers, byte[] body,
                ObjectMapper mapper) {
        this(method, path, null, pathParams, headers, body, mapper);
    }

    HttpRequest(String method, String path, String rawQuery, Map<String, String> pathParams, HttpFields headers,
                byte[] body, ObjectMapper mapper) {
        this.rawQuery = rawQuery;
        this.method = method;
        this.path = path;
        this.pathParams = pathParams;
        this.headers = headers;
        this.body = body;
        this.mapper = mapper;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** @return the raw text of a path variable of the matched template */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no path variable " + name);
        }
        return value;
    }

    /** @return a path variable as a UUID; 400 unless it is a canonical UUID */
    public UUID uuidParam(String name) {
        String text = pathParam(name);
        return Uuids.parse(text).orElseThrow(() -> ProblemException.badRequest(
                "path parameter '" + name + "' must be a UUID, was '" + echo(text) + "'"));
    }

    /**
     * @return the first value of query parameter {@code name} (percent-decoded), or empty if absent;
     *     400 if the query string is not validly percent-encoded
     */
    public Optional<String> queryParam(String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return Optional.empty();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("malformed query string");
        }
    }

    /** @return the first value of a request header, or null */
    public String header(String name) {
        return headers.get(name);
    }

    /** @return the body bytes (empty if none) */
    public byte[] body() {
        return body;
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    /** Reads the JSON body with the service's mapper; 400 if it is absent or does not parse. */
    public <T> T readJson(Class<T> type) {
        return readJson(mapper.readerFor(type));
    }

    /**
     * Reads the JSON body with {@code reader} (e.g. a strict one); 400 if absent or unparseable, or if
     * anything but whitespace follows the value. The 400's detail says where the body is wrong, never
     * which Java type it was read into.
     */
    public <T> T readJson(ObjectReader reader) {
        Objects.requireNonNull(reader, "reader");
        if (body.length == 0) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        try {
            T value = reader.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(body);
            if (value == null) {
                throw ProblemException.badRequest("a JSON body is required");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("invalid JSON body: " + JsonErrors.describe(e));
        } catch (IOException e) {
            throw ProblemException.badRequest("unreadable body");
        }
    }

    static String echo(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }
}
