package dev.doorbell.testkit.http;

/** What became of one raw request. */
public sealed interface RawOutcome {

    /** A complete response (after any {@code 1xx} interim ones). */
    record Responded(RawResponse response) implements RawOutcome {
        @Override
        public String toString() {
            return response.toString();
        }
    }

    /** The server closed (or reset) the connection without sending a byte. */
    record ClosedSilently(String how) implements RawOutcome {
    }

    /** Bytes came that are not a complete HTTP response. */
    record Unparseable(String why, String received) implements RawOutcome {
    }

    /** Nothing complete came within the timeout: the server hangs. */
    record TimedOut(int bytesReceived) implements RawOutcome {
    }

    /** No connection could be made: the service is down. */
    record Unreachable(String error) implements RawOutcome {
    }
}
