package dev.mssqlbulk.staging;

import java.time.Instant;

/** One stored object as listed: its key relative to the store, size in bytes and time of last modification. */
public record StagedObject(String key, long size, Instant lastModified) {}
