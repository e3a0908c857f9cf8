package dev.doorbell.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes a {@link Problem} as itself: {@code application/problem+json} with every member. */
enum ProblemJsonRenderer implements ErrorRenderer {
    INSTANCE;

    @Override
    public String contentType() {
        return Problem.MEDIA_TYPE;
    }

    @Override
    public byte[] body(Problem problem, ObjectMapper mapper) throws JsonProcessingException {
        return mapper.writeValueAsBytes(problem.toJsonMembers());
    }
}
