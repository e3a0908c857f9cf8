package dev.doorbell.fetcher.sled;

import dev.doorbell.model.ApiVersion;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP round trip to a sled, as an HTTP library does it: the part that differs between
 * {@link JdkSledClient} and {@link JettySledClient}. Every request carries the {@code api-version}
 * header and the configured timeouts; the future fails with the library's exception when no
 * answer arrived. Thread-safe; never blocks.
 */
interface SledExchange {

    CompletableFuture<SledReply> get(URI uri, ApiVersion version);

    /** Sends {@code json} as {@code application/json}. */
    CompletableFuture<SledReply> post(URI uri, ApiVersion version, byte[] json);

    /** An HTTP answer: status and the whole body. */
    record SledReply(int status, byte[] body) {
    }
}
