/**
 * The state fetcher's HTTP client for sleds: {@link dev.doorbell.fetcher.sled.SledClient} fetches
 * VMM states from a {@link dev.doorbell.fetcher.sled.SledTarget} and answers one
 * {@link dev.doorbell.fetcher.sled.VmmFetchResult} per VMM, never an exception.
 *
 * <p>Decisions:
 * <ul>
 *   <li>Sleds answer as omicron's dropshot sled-agent does: errors are {@code {"request_id",
 *       "error_code", "message"}}, and a version the sled does not speak is a 400 that lists
 *       nothing. Version negotiation stays with the caller: every 400 becomes {@code VersionRejected}
 *       (the client sends nothing else a sled could call bad), and the caller falls back to the next
 *       older version it knows, remembers it per sled and asks again. The client never silently
 *       downgrades, so the version in a {@code Found} is the one asked for.</li>
 *   <li>Only a 404 whose body carries {@code error_code} {@code NO_SUCH_INSTANCE} is
 *       {@code NotFound}, as omicron's {@code vmm_gone()}: any other 404 (a proxy, a wrong path), a
 *       410 or any other status is a retryable {@code Failed}, so nothing in between can make a
 *       running VMM look gone.</li>
 *   <li>A batch answered 404 or 405 means the sled accepted the version but has no
 *       {@code POST /vmms/states} in it (dropshot: no such route in that version): that batch is
 *       fetched again as one GET per id, in the same version.</li>
 *   <li>Redirects are never followed: a sled's address comes only from the directory.</li>
 *   <li>Two implementations share {@code SledProtocol} and {@code SledReplies} (what to send and
 *       how to read answers) and differ only in {@code SledExchange}; Jetty is the default by
 *       measurement (see {@link dev.doorbell.fetcher.sled.SledClientConfig.Implementation}).</li>
 * </ul>
 */
package dev.doorbell.fetcher.sled;
