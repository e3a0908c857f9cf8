package dev.doorbell.sledsim.notify;

/** What became of one delivery attempt. */
public enum DeliveryOutcome {
    /** Accepted by the receiver. */
    DELIVERED,
    /** Failed in a way worth retrying (network error, 5xx, 408, 429). */
    RETRY,
    /** Refused for good (other 4xx): retrying cannot help, the notification is dropped. */
    DROP;

    /** Classifies an HTTP status. */
    public static DeliveryOutcome ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return RETRY;
        }
        return DROP;
    }
}
