package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SledRequestsTest {

    @Test
    void countsSingleAndBatchedStateRequestsWhateverTheStatusAndNothingElse() {
        String metrics = """
                # HELP http_server_requests_seconds \s
                # TYPE http_server_requests_seconds summary
                http_server_requests_seconds_count{method="GET",route="/vmms/{id}/state",status="200"} 7
                http_server_requests_seconds_sum{method="GET",route="/vmms/{id}/state",status="200"} 0.07
                http_server_requests_seconds_count{method="GET",route="/vmms/{id}/state",status="400"} 2
                http_server_requests_seconds_count{method="POST",route="/vmms/states",status="200"} 3.0
                http_server_requests_seconds_count{method="POST",route="/vmms/states",status="404"} 1
                http_server_requests_seconds_count{method="GET",route="/metrics",status="200"} 5
                http_server_requests_seconds_count{method="PUT",route="/vmms/{id}/state",status="200"} 11
                http_server_requests_seconds_max{method="GET",route="/vmms/{id}/state",status="200"} 0.01
                """;

        SledRequests counted = SledRequests.parse(metrics);

        assertThat(counted).isEqualTo(new SledRequests(9, 4, 3));
        assertThat(counted.total()).isEqualTo(13);
        assertThat(counted.minus(new SledRequests(2, 1, 1))).isEqualTo(new SledRequests(7, 3, 2));
        assertThat(SledRequests.parse("")).isEqualTo(SledRequests.NONE);
    }
}
