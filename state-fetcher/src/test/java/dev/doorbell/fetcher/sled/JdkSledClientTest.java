package dev.doorbell.fetcher.sled;

import dev.doorbell.fetcher.sled.SledClientConfig.Implementation;

class JdkSledClientTest extends SledClientContract {
    @Override
    Implementation implementation() {
        return Implementation.JDK;
    }
}
