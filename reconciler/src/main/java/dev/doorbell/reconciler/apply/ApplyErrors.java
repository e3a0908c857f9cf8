package dev.doorbell.reconciler.apply;

import java.sql.SQLException;

/** Tells a database error the data caused (retrying cannot help) from a transient one. */
final class ApplyErrors {

    private ApplyErrors() {}

    /**
     * Whether {@code e} is a data exception (SQLState class {@code 22}) or an integrity
     * constraint violation (class {@code 23}): the statement failed because of what it wrote, so
     * the same observations fail again however often they are retried. Anything else —
     * connection failures ({@code 08}), an administrator shutdown ({@code 57P01}), serialization
     * failures and deadlocks ({@code 40001}, {@code 40P01}), no SQLState at all — is transient.
     */
    static boolean isPoison(SQLException e) {
        String state = sqlState(e);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** What the dead letter says: the SQLState and the database's message. */
    static String detail(SQLException e) {
        SQLException cause = specific(e);
        return sqlState(e) + ": " + cause.getMessage();
    }

    // A JDBC batch reports the failing statement's error as the next exception.
    private static SQLException specific(SQLException e) {
        SQLException next = e.getNextException();
        return next != null && next.getSQLState() != null ? next : e;
    }

    private static String sqlState(SQLException e) {
        return e.getSQLState() != null ? e.getSQLState() : specific(e).getSQLState();
    }
}
