package dev.mssqlbulk.callback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Job-completion callbacks: {@code mssql-bulk.callback.*}. */
@ConfigMapping(prefix = "mssql-bulk.callback")
public interface CallbackConfig {

    /** Attempts in all, the first one included. */
    @WithDefault("6")
    int maxAttempts();

    /** Wait before the second attempt; it doubles after each failed attempt, up to {@link #maxBackoff()}. */
    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("1M")
    Duration maxBackoff();

    /** Limit of one attempt: connecting, and then waiting for the response. */
    @WithDefault("10s")
    Duration timeout();

    /**
     * When set, a callback's host must match one of these entries: host name patterns ({@code *} wildcards,
     * case-insensitive), IP addresses or CIDR blocks (then every address of the host must lie inside). Internal
     * addresses (loopback, private, link-local, unique-local, CGNAT...) are refused unless an entry opens them on
     * purpose: an IP/CIDR entry containing the address, or an entry naming the host exactly (no wildcard). See
     * {@link CallbackUrlPolicy}.
     */
    Optional<List<String>> allowedHosts();

    /**
     * Hosts and addresses a callback may never reach, whatever {@link #allowedHosts()} says: name patterns, IP
     * addresses or CIDR blocks. By default the cloud metadata and credential endpoints.
     */
    @WithDefault("169.254.169.254,169.254.170.2,fd00:ec2::254,100.100.100.200,metadata.google.internal,"
            + "metadata.goog,metadata.azure.com")
    List<String> deniedHosts();
}
