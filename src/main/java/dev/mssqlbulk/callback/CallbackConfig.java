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

    /** When set, a callback URL's host must match one of these patterns ({@code *} wildcards, case-insensitive). */
    Optional<List<String>> allowedHosts();

    /** Hosts a callback URL may never name ({@code *} wildcards, case-insensitive); cloud metadata endpoints by default. */
    @WithDefault("169.254.169.254,metadata.google.internal,metadata.azure.com,100.100.100.200")
    List<String> deniedHosts();
}
