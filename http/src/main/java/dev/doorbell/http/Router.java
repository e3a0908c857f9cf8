package dev.doorbell.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches requests against routes in registration order: the first route whose method and
 * template match wins. Immutable and thread-safe.
 */
public final class Router {
    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public RouteMatch match(String method, String path) {
        Set<String> allowed = null;
        for (Route route : routes) {
            Optional<Map<String, String>> vars = route.path().match(path);
            if (vars.isEmpty()) {
                continue;
            }
            if (route.method().equals(method)) {
                return new RouteMatch.Found(route, vars.get());
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(route.method());
        }
        return allowed == null ? new RouteMatch.NotFound() : new RouteMatch.MethodNotAllowed(Set.copyOf(allowed));
    }

    public List<Route> routes() {
        return routes;
    }
}
