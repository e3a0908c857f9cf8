package dev.doorbell.sledsim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorbell.http.ErrorRenderer;
import dev.doorbell.http.HttpResponse;
import dev.doorbell.http.Problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes errors as dropshot (the HTTP framework of omicron's sled-agent) serves them:
 * {@code application/json} with {@code {"request_id": "<uuid>", "error_code": "<code>", "message":
 * "<text>"}}. {@code request_id} is new per response; {@code message} is the problem's detail (its
 * title if it has none); {@code error_code} is the problem's {@value #ERROR_CODE} member and, as
 * dropshot's {@code HttpErrorResponseBody} does with a {@code None} code, left out when there is
 * none (clients read an absent and a null code alike). No other problem member reaches the wire.
 */
public final class DropshotErrorRenderer implements ErrorRenderer {
    /** The problem member that carries dropshot's {@code error_code}. */
    public static final String ERROR_CODE = "error_code";

    @Override
    public String contentType() {
        return HttpResponse.JSON;
    }

    @Override
    public byte[] body(Problem problem, ObjectMapper mapper) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", UUID.randomUUID().toString());
        Object code = problem.extensions().get(ERROR_CODE);
        if (code != null) {
            body.put(ERROR_CODE, code.toString());
        }
        body.put("message", problem.detail() != null ? problem.detail() : problem.title());
        return mapper.writeValueAsBytes(body);
    }
}
