/**
 * A generator of hostile HTTP requests for testing a service's input handling: {@link HostileRequests} makes
 * malformed requests against a service's {@link Endpoint}s, {@link HostileBarrage} fires them one connection each
 * ({@link RawHttp}) and reports in a {@link BarrageReport} every case not answered with a 4xx in the service's
 * {@link ErrorShape}.
 */
package dev.doorbell.testkit.http;
