package dev.mssqlbulk.job;

/** Another upload with the same idempotency key got there first. */
public final class DuplicateIdempotencyKey extends RuntimeException {

    DuplicateIdempotencyKey() {
        super("idempotency key already used", null, false, false);
    }
}
