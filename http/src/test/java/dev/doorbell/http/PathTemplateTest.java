package dev.doorbell.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
    @Test
    void matchesLiteralsAndCapturesVariables() {
        PathTemplate t = PathTemplate.parse("/vmms/{id}/state");
        assertThat(t.match("/vmms/abc/state")).hasValue(Map.of("id", "abc"));
        assertThat(t.match("/vmms//state")).isEmpty();
        assertThat(t.match("/vmms/abc")).isEmpty();
        assertThat(t.match("/vmms/abc/state/")).isEmpty();
        assertThat(PathTemplate.parse("/").match("/")).hasValue(Map.of());
        assertThatThrownBy(() -> PathTemplate.parse("vmms")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathTemplate.parse("/a//b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routerPrefersFirstMatchAndReportsAllowedMethods() {
        RequestHandler h = r -> HttpResponse.empty(204);
        Route literal = new Route("POST", PathTemplate.parse("/vmms/states"), h);
        Route variable = new Route("GET", PathTemplate.parse("/vmms/{id}"), h);
        Router router = new Router(List.of(literal, variable));
        assertThat(router.match("POST", "/vmms/states")).isEqualTo(new RouteMatch.Found(literal, Map.of()));
        assertThat(router.match("GET", "/vmms/states")).isInstanceOf(RouteMatch.Found.class);
        assertThat(router.match("DELETE", "/vmms/x")).isEqualTo(new RouteMatch.MethodNotAllowed(Set.of("GET")));
        assertThat(router.match("GET", "/other")).isEqualTo(new RouteMatch.NotFound());
    }

    @Test
    void uuidsMustBeCanonical() {
        assertThat(Uuids.parse("123e4567-e89b-12d3-a456-426614174000")).isPresent();
        assertThat(Uuids.parse("123E4567-E89B-12D3-A456-426614174000")).isPresent();
        assertThat(Uuids.parse("1-1-1-1-1")).isEmpty();
        assertThat(Uuids.parse("123e4567e89b12d3a456426614174000")).isEmpty();
        assertThat(Uuids.parse(null)).isEmpty();
    }
}
