package dev.mssqlbulk.callback;

import java.net.InetAddress;
import java.net.URI;

/**
 * Where one callback attempt goes: the URL as given (its host name travels in {@code Host} and TLS SNI, and the
 * certificate is checked against it) and the address that passed the policy, which is the one connected to.
 */
public record CallbackTarget(URI url, InetAddress address) {

    public boolean https() {
        return "https".equalsIgnoreCase(url.getScheme());
    }

    public int port() {
        return url.getPort() >= 0 ? url.getPort() : https() ? 443 : 80;
    }

    /** The host name without IPv6 brackets, as it goes into {@code Host} and SNI. */
    public String hostName() {
        return CallbackUrlPolicy.bare(url.getHost());
    }

    /** Path and query as sent, never empty. */
    public String requestUri() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
