package dev.doorbell.http;

import java.util.Objects;

/**
 * Thrown by a {@link RequestHandler} to answer with a problem. The service turns it into an
 * {@code application/problem+json} response and does not log it as an error.
 */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, detail));
    }
}
