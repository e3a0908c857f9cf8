package dev.doorbell.http;

import java.util.Locale;
import java.util.Objects;

/** A method and path template bound to a handler. */
public record Route(String method, PathTemplate path, RequestHandler handler) {
    public Route {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
    }
}
