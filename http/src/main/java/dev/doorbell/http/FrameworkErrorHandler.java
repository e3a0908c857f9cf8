package dev.doorbell.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers errors that Jetty raises before a handler runs (malformed requests, headers over the
 * limit, ambiguous URIs) with the service's error body ({@link ErrorRenderer}) instead of Jetty's
 * HTML page, whatever the request's method, and never with a stack trace.
 *
 * <p>Jetty answers a request line it cannot read as HTTP/1.x with 505 (version not supported) and
 * an unsupported transfer coding with 501: both describe a bad request, so they become 400 (bad
 * input is answered 4xx, never 5xx).
 */
final class FrameworkErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;
    private final ErrorRenderer errors;

    FrameworkErrorHandler(ObjectMapper mapper, ErrorRenderer errors) {
        this.mapper = mapper;
        this.errors = errors;
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    /** Every method gets an error body, not only GET, POST and HEAD. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        int status = clientStatus(code);
        byte[] body = body(status, code, message);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, errors.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The answer to a message so malformed that no request could be made of it. */
    @Override
    public ByteBuffer badMessageError(int code, String message, HttpFields.Mutable fields) {
        int status = clientStatus(code);
        try {
            byte[] body = body(status, code, message);
            fields.put(HttpHeader.CONTENT_TYPE, errors.contentType());
            return ByteBuffer.wrap(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private byte[] body(int status, int code, String message) throws JsonProcessingException {
        // Jetty's messages for bad requests describe the request, not the server; 5xx details stay in the log.
        String detail = code >= 400 && code < 500 && message != null ? message
                : code == 505 ? "not an HTTP/1.x request" : code == 501 ? "unsupported request framing" : null;
        return errors.body(Problem.of(status, detail), mapper);
    }

    private static int clientStatus(int code) {
        if (code == 505 || code == 501) {
            return 400;
        }
        return code >= 400 && code <= 599 ? code : 500;
    }
}
