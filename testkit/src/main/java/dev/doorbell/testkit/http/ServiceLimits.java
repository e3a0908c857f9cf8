package dev.doorbell.testkit.http;

/**
 * The limits a service under test enforces, which the oversized cases exceed by a little and by a lot.
 *
 * @param maxBodyBytes   the largest request body it accepts (larger: 413)
 * @param maxHeaderBytes the largest request head (request line and headers) it accepts (larger: 414 or 431)
 */
public record ServiceLimits(int maxBodyBytes, int maxHeaderBytes) {

    /** The shared HTTP service's defaults: 64 KiB bodies, 8 KiB heads. */
    public static ServiceLimits defaults() {
        return new ServiceLimits(64 * 1024, 8 * 1024);
    }
}
