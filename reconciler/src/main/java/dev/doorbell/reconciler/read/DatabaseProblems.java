package dev.doorbell.reconciler.read;

import dev.doorbell.http.Problem;
import dev.doorbell.http.ProblemException;
import dev.doorbell.http.RequestHandler;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Answers 503 instead of 500 when the database cannot be reached (no connection from the pool in
 * time, or a connection-class SQL state {@code 08xxx}): the request may be repeated later. Any
 * other database error stays a 500 (a bug to log, not a condition to report).
 */
public final class DatabaseProblems {

    private DatabaseProblems() {}

    /** @return {@code handler}, with unreachable-database failures turned into 503 problems */
    public static RequestHandler guard(RequestHandler handler) {
        return request -> {
            try {
                return handler.handle(request);
            } catch (SQLException e) {
                if (isUnavailable(e)) {
                    throw new ProblemException(Problem.of(503, "the database is unavailable; try again later"));
                }
                throw e;
            }
        };
    }

    static boolean isUnavailable(SQLException e) {
        return e instanceof SQLTransientConnectionException || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }
}
