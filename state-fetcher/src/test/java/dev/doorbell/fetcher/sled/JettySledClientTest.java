package dev.doorbell.fetcher.sled;

import dev.doorbell.fetcher.sled.SledClientConfig.Implementation;

class JettySledClientTest extends SledClientContract {
    @Override
    Implementation implementation() {
        return Implementation.JETTY;
    }
}
