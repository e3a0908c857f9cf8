package dev.doorbell.http;

import java.util.Map;
import java.util.Set;

/** What the {@link Router} made of a method and path. */
public sealed interface RouteMatch {
    /** A route matched; {@code pathParams} holds its template's variables. */
    record Found(Route route, Map<String, String> pathParams) implements RouteMatch {
    }

    /** The path exists, but not for this method; {@code allowed} lists the methods it has. */
    record MethodNotAllowed(Set<String> allowed) implements RouteMatch {
    }

    /** No route has this path. */
    record NotFound() implements RouteMatch {
    }
}
