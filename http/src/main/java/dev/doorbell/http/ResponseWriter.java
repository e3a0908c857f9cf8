package dev.doorbell.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Map;

/** Writes an {@link HttpResponse} (or a problem) to Jetty; bodies are serialized before anything is sent. */
final class ResponseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);
    private static final byte[] FALLBACK_500 =
            "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private final ObjectMapper mapper;

    ResponseWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @return the status actually written */
    int write(HttpResponse out, Response response, Callback callback) {
        int status = out.status();
        String contentType = out.contentType();
        byte[] bytes;
        try {
            bytes = serialize(out.body());
        } catch (Exception e) {
            LOG.error("cannot serialize response body", e);
            status = 500;
            contentType = Problem.MEDIA_TYPE;
            bytes = FALLBACK_500;
        }
        response.setStatus(status);
        for (Map.Entry<String, String> h : out.headers().entrySet()) {
            response.getHeaders().put(h.getKey(), h.getValue());
        }
        if (bytes == null) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            response.write(true, null, callback);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }
        return status;
    }

    byte[] serialize(Object body) throws Exception {
        if (body == null) {
            return null;
        }
        if (body instanceof byte[] raw) {
            return raw;
        }
        if (body instanceof Problem problem) {
            return mapper.writeValueAsBytes(problem.toJsonMembers());
        }
        return mapper.writeValueAsBytes(body);
    }
}
