package dev.mssqlbulk.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CallbackOutcomeTest {

    @Test
    void showsOnlyDeliveredFailedOrRefusedWithoutNetworkDetail() {
        assertEquals("delivered", CallbackOutcome.delivered(3, 204).describe());
        assertEquals("failed", CallbackOutcome.failed(6, 500, "HTTP 500").describe());
        assertEquals(
                "failed", CallbackOutcome.failed(6, null, "connection refused").describe());
        assertEquals("failed", CallbackOutcome.failed(2, null, "timed out").describe());
        assertEquals(
                "refused by policy",
                CallbackOutcome.refused(0, "internal address 10.0.0.1").describe());
    }

    @Test
    void showsEachAttemptWithoutNetworkDetail() {
        assertEquals(
                "failed; retrying (attempt 2 of 6)",
                new CallbackAttempt(2, 6, 500, "HTTP 500", Duration.ofSeconds(2)).describe());
        assertEquals(
                "failed; retrying (attempt 2 of 6)",
                new CallbackAttempt(2, 6, null, "connection refused", Duration.ofSeconds(2)).describe());
        assertEquals("failed", new CallbackAttempt(6, 6, null, "timed out", null).describe());
        assertEquals("delivered", new CallbackAttempt(1, 6, 204, null, null).describe());
    }

    @Test
    void backsOffExponentiallyFromTheInitialBackoffUpToTheMaximum() {
        CallbackConfig config = TestCallbackConfig.defaults();

        List<Duration> waits = IntStream.rangeClosed(1, 9)
                .mapToObj(n -> CallbackSender.backoff(config, n))
                .toList();

        assertEquals(
                List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L),
                waits.stream().map(Duration::toSeconds).toList());
    }

    @Test
    void backsOffNoLongerThanTheMaximumEvenWhenTheInitialBackoffExceedsIt() {
        CallbackConfig config =
                TestCallbackConfig.defaults().withRetries(6, Duration.ofSeconds(5), Duration.ofSeconds(3));

        assertEquals(Duration.ofSeconds(3), CallbackSender.backoff(config, 1));
        assertEquals(Duration.ofSeconds(3), CallbackSender.backoff(config, 40));
    }
}
