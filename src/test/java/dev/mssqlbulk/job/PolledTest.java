package dev.mssqlbulk.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PolledTest {

    @Test
    void emitsEachChangeOnceAndCompletesAfterTheLastValue() {
        List<Integer> answers = List.of(0, 0, 10, 10, 10, 50, 100, 100, 999);
        AtomicInteger lookups = new AtomicInteger();
        List<Integer> seen = Polled.changes(
                        () -> Uni.createFrom().item(() -> answers.get(lookups.getAndIncrement())),
                        Duration.ofMillis(1),
                        value -> value == 100)
                .collect()
                .asList()
                .await()
                .atMost(Duration.ofSeconds(5));
        assertEquals(List.of(0, 10, 50, 100), seen);
        assertEquals(7, lookups.get(), "no lookup after the last value");
    }

    @Test
    void aLookupSlowerThanTheIntervalDelaysTheNextOneInsteadOfFailingTheStream() {
        AtomicInteger lookups = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        List<Integer> seen = Polled.changes(
                        () -> Uni.createFrom()
                                .item(() -> {
                                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                    return lookups.incrementAndGet();
                                })
                                .onItem()
                                .delayIt()
                                .by(Duration.ofMillis(50))
                                .invoke(inFlight::decrementAndGet),
                        Duration.ofMillis(1),
                        value -> value == 6)
                .collect()
                .asList()
                .await()
                .atMost(Duration.ofSeconds(5));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), seen);
        assertEquals(1, mostInFlight.get(), "one lookup at a time");
        assertTrue(lookups.get() == 6);
    }
}
