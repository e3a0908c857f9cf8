/**
 * The state fetcher's HTTP client for sleds: {@link dev.doorbell.fetcher.sled.SledClient} fetches
 * VMM states from a {@link dev.doorbell.fetcher.sled.SledTarget} and answers one
 * {@link dev.doorbell.fetcher.sled.VmmFetchResult} per VMM, never an exception.
 *
 * <p>Decisions:
 * <ul>
 *   <li>Version negotiation stays with the caller: a sled that does not speak the version asked
 *       for answers 400 with {@code supported_versions} (on the batch endpoint too), which becomes
 *       {@code VersionRejected}; the caller picks a version, remembers it per sled and asks again.
 *       The client never silently downgrades, so the version in a {@code Found} is the one asked for.</li>
 *   <li>A batch answered 404 or 405 (no {@code supported_versions}) means the sled accepted the
 *       version but lacks {@code POST /vmms/states}: that batch is fetched again as one GET per id,
 *       in the same version. The simulator never does this; it is defence against partial updates.</li>
 *   <li>Any 404 to {@code GET /vmms/{id}/state} is {@code NotFound}.</li>
 *   <li>Redirects are never followed: a sled's address comes only from the directory.</li>
 *   <li>Two implementations share {@code SledProtocol} and {@code SledReplies} (what to send and
 *       how to read answers) and differ only in {@code SledExchange}; Jetty is the default by
 *       measurement (see {@link dev.doorbell.fetcher.sled.SledClientConfig.Implementation}).</li>
 * </ul>
 */
package dev.doorbell.fetcher.sled;
