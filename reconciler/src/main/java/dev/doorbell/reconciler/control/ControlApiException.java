package dev.doorbell.reconciler.control;

/**
 * A control API call that did not succeed: the HTTP status and the problem's detail, or status 0
 * when the API did not answer at all.
 */
public final class ControlApiException extends RuntimeException {

    private final int status;

    public ControlApiException(String call, int status, String detail) {
        super(call + (status == 0 ? " got no answer" : " answered HTTP " + status) + (detail.isBlank() ? "" : ": " + detail));
        this.status = status;
    }

    /** @return the HTTP status, 0 if the API did not answer */
    public int status() {
        return status;
    }

    /** @return whether the same call may succeed later: no answer, 503 (a sled, Kafka or the database away) or another 5xx */
    public boolean retriable() {
        return status == 0 || status >= 500;
    }
}
