package dev.mssqlbulk.callback;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CallbackOutcomeTest {

    @Test
    void describesADeliveredCallbackWithItsStatusAndAttempts() {
        assertEquals("delivered: HTTP 204 after 3 attempts", new CallbackOutcome(true, 3, 204, null).describe());
        assertEquals("delivered: HTTP 200 after 1 attempt", new CallbackOutcome(true, 1, 200, null).describe());
    }

    @Test
    void describesAFailedCallbackWithItsLastStatusOrReason() {
        assertEquals("failed after 6 attempts: HTTP 500", new CallbackOutcome(false, 6, 500, "HTTP 500").describe());
        assertEquals("failed after 6 attempts: HTTP 500", new CallbackOutcome(false, 6, 500, null).describe());
        assertEquals("failed after 6 attempts: connection refused",
                new CallbackOutcome(false, 6, null, "connection refused").describe());
    }

    @Test
    void describesEachAttemptWithWhatComesNext() {
        assertEquals("attempt 2 of 6 failed: HTTP 500; retrying in 2s",
                new CallbackAttempt(2, 6, 500, "HTTP 500", Duration.ofSeconds(2)).describe());
        assertEquals("attempt 6 of 6 failed: timed out; giving up",
                new CallbackAttempt(6, 6, null, "timed out", null).describe());
        assertEquals("attempt 1 of 6 delivered: HTTP 204", new CallbackAttempt(1, 6, 204, null, null).describe());
    }

    @Test
    void backsOffExponentiallyFromTheInitialBackoffUpToTheMaximum() {
        CallbackSender sender = new CallbackSender(TestCallbackConfig.defaults());

        List<Duration> waits = IntStream.rangeClosed(1, 9).mapToObj(sender::backoff).toList();

        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L),
                waits.stream().map(Duration::toSeconds).toList());
    }

    @Test
    void backsOffNoLongerThanTheMaximumEvenWhenTheInitialBackoffExceedsIt() {
        CallbackSender sender = new CallbackSender(TestCallbackConfig.defaults()
                .withRetries(6, Duration.ofSeconds(5), Duration.ofSeconds(3)));

        assertEquals(Duration.ofSeconds(3), sender.backoff(1));
        assertEquals(Duration.ofSeconds(3), sender.backoff(40));
    }
}
