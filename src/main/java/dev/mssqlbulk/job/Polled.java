package dev.mssqlbulk.job;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A value observed by looking it up again and again, as a stream of its changes.
 *
 * <p>Why not {@code Multi.createFrom().ticks()}: ticks keep coming whether or not the last lookup has answered, so a
 * slow lookup (a status read from another replica's row while the database is busy) overflows the stream and fails
 * it. Here the next lookup is only scheduled {@code interval} after the previous one answered: one lookup at a time,
 * however slow, and nothing to buffer.
 */
final class Polled {

    private Polled() {}

    /**
     * Looks up at once, then {@code interval} after each answer; emits each value that differs from the one before
     * ({@code equals}), and completes after the first value {@code last} accepts (which is emitted).
     */
    static <T> Multi<T> changes(Supplier<Uni<T>> lookup, Duration interval, Predicate<T> last) {
        return Multi.createBy()
                .repeating()
                .uni(
                        AtomicBoolean::new,
                        looked -> pause(looked.getAndSet(true), interval).<T>chain(ignored -> lookup.get()))
                .whilst(value -> !last.test(value))
                .skip()
                .repetitions();
    }

    private static Uni<Void> pause(boolean looked, Duration interval) {
        Uni<Void> now = Uni.createFrom().voidItem();
        return looked ? now.onItem().delayIt().by(interval) : now;
    }
}
