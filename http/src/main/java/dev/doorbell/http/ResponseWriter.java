package dev.doorbell.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an {@link HttpResponse} to Jetty; bodies are serialized before anything is sent. A
 * {@link Problem} body is written by the service's {@link ErrorRenderer}, in its content type.
 */
final class ResponseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);
    private final ObjectMapper mapper;
    private final ErrorRenderer errors;

    ResponseWriter(ObjectMapper mapper, ErrorRenderer errors) {
        this.mapper = mapper;
        this.errors = errors;
    }

    /** @return the status actually written */
    int write(HttpResponse out, Response response, Callback callback) {
        int status = out.status();
        String contentType = out.body() instanceof Problem ? errors.contentType() : out.contentType();
        byte[] bytes;
        try {
            bytes = serialize(out.body());
        } catch (Exception e) {
            LOG.error("cannot serialize response body", e);
            status = 500;
            contentType = errors.contentType();
            bytes = fallback500();
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
            return errors.body(problem, mapper);
        }
        return mapper.writeValueAsBytes(body);
    }

    private byte[] fallback500() {
        try {
            return errors.body(Problem.of(500, null), mapper);
        } catch (Exception e) {
            return new byte[0]; // a renderer that cannot write even this leaves the status alone to speak
        }
    }
}
