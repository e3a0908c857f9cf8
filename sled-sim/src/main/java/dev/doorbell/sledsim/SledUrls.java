package dev.doorbell.sledsim;

import java.net.URI;

/** Checks sled base URLs given in requests. */
final class SledUrls {
    private SledUrls() {
    }

    /** @throws IllegalArgumentException unless {@code url} is null or an absolute http(s) URL with a host */
    static void requireHttp(URI url) {
        if (url == null) {
            return;
        }
        String scheme = url.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null) {
            throw new IllegalArgumentException("a sled URL must be an absolute http(s) URL, was " + url);
        }
    }
}
