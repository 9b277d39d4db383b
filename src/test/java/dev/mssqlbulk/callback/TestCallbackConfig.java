package dev.mssqlbulk.callback;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A hand-made {@link CallbackConfig} for tests that need other settings than the defaults. */
record TestCallbackConfig(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration timeout,
        Optional<List<String>> allowedHosts,
        List<String> deniedHosts)
        implements CallbackConfig {

    static final List<String> DEFAULT_DENIED = List.of(
            "169.254.169.254",
            "169.254.170.2",
            "fd00:ec2::254",
            "100.100.100.200",
            "metadata.google.internal",
            "metadata.goog",
            "metadata.azure.com");

    /** The documented defaults. */
    static TestCallbackConfig defaults() {
        return new TestCallbackConfig(
                6,
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                Optional.empty(),
                DEFAULT_DENIED);
    }

    TestCallbackConfig withAllowedHosts(String... hosts) {
        return new TestCallbackConfig(
                maxAttempts, initialBackoff, maxBackoff, timeout, Optional.of(List.of(hosts)), deniedHosts);
    }

    TestCallbackConfig withDeniedHosts(String... hosts) {
        return new TestCallbackConfig(maxAttempts, initialBackoff, maxBackoff, timeout, allowedHosts, List.of(hosts));
    }

    TestCallbackConfig withRetries(int attempts, Duration initial, Duration max) {
        return new TestCallbackConfig(attempts, initial, max, timeout, allowedHosts, deniedHosts);
    }

    TestCallbackConfig withTimeout(Duration perAttempt) {
        return new TestCallbackConfig(maxAttempts, initialBackoff, maxBackoff, perAttempt, allowedHosts, deniedHosts);
    }
}
