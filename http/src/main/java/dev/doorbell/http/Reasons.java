package dev.doorbell.http;

import org.eclipse.jetty.http.HttpStatus;

/** HTTP reason phrases. */
final class Reasons {
    private Reasons() {
    }

    static String phrase(int status) {
        String message = HttpStatus.getMessage(status);
        return message == null ? "HTTP " + status : message;
    }
}
