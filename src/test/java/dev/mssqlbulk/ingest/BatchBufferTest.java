package dev.mssqlbulk.ingest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchBufferTest {

    @Test
    void returnsABatchExactlyWhenItIsFull() {
        BatchBuffer<Integer> buffer = new BatchBuffer<>(3);
        assertNull(buffer.add(1));
        assertNull(buffer.add(2));
        assertEquals(List.of(1, 2, 3), buffer.add(3));
        assertNull(buffer.add(4));
    }

    @Test
    void drainReturnsTheRemainderOnce() {
        BatchBuffer<Integer> buffer = new BatchBuffer<>(3);
        buffer.add(1);
        buffer.add(2);
        buffer.add(3);
        buffer.add(4);
        assertEquals(List.of(4), buffer.drain());
        assertEquals(List.of(), buffer.drain());
    }

    @Test
    void aReturnedBatchIsNotChangedByLaterAdds() {
        BatchBuffer<Integer> buffer = new BatchBuffer<>(1);
        List<Integer> first = buffer.add(1);
        buffer.add(2);
        assertEquals(List.of(1), first);
    }

    @Test
    void rejectsANonPositiveSize() {
        assertThrows(IllegalArgumentException.class, () -> new BatchBuffer<>(0));
    }
}
