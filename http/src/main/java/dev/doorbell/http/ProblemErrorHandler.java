package dev.doorbell.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Answers errors that Jetty raises before a handler runs (malformed requests, headers over the
 * limit, ambiguous URIs) with a problem body instead of Jetty's HTML page, and never with a stack
 * trace.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;

    ProblemErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws java.io.IOException {
        int status = code >= 400 && code <= 599 ? code : 500;
        // Jetty's messages for bad requests describe the request, not the server; 5xx details stay in the log.
        String detail = status < 500 && message != null ? message : null;
        byte[] body = mapper.writeValueAsBytes(Problem.of(status, detail).toJsonMembers());
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
