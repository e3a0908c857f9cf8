package dev.doorbell.http;

/**
 * Handles one matched request. Runs on a request thread and may block briefly. To answer with an
 * error, throw {@link ProblemException}; any other exception becomes a 500 problem (logged, never
 * shown to the client).
 */
@FunctionalInterface
public interface RequestHandler {
    HttpResponse handle(HttpRequest request) throws Exception;
}
