package dev.mssqlbulk.ingest;

import java.util.ArrayList;
import java.util.List;

/** Collects items into batches of a fixed size. Not thread-safe. */
public final class BatchBuffer<T> {

    private final int size;
    private List<T> items;

    public BatchBuffer(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + size);
        }
        this.size = size;
        this.items = new ArrayList<>(size);
    }

    /** Adds {@code item}; returns the full batch when this item completes it, else null. */
    public List<T> add(T item) {
        items.add(item);
        return items.size() == size ? take() : null;
    }

    /** The items not yet returned as a batch (possibly none); the buffer is empty afterwards. */
    public List<T> drain() {
        return take();
    }

    private List<T> take() {
        List<T> batch = items;
        items = new ArrayList<>(size);
        return batch;
    }
}
