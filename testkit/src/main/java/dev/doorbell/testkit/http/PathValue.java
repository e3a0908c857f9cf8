package dev.doorbell.testkit.http;

/**
 * A hostile value for a path parameter, already in the form it takes in the request target.
 *
 * @param label        how a report names it
 * @param encoded      the segment text as sent (percent-encoded where needed)
 * @param oneSegment   whether the server must see it as one segment of the matched template, so that
 *                     only UUID validation can reject it (400); otherwise (dot segments, slashes,
 *                     encoded separators) the path itself changes and any 4xx will do
 */
record PathValue(String label, String encoded, boolean oneSegment) {
}
