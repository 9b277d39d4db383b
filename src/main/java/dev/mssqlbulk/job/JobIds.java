package dev.mssqlbulk.job;

import java.security.SecureRandom;

/**
 * Job ids that sort by creation time and do not collide between replicas: milliseconds since 2024 in the high
 * bits, 22 random bits below (a collision needs the same millisecond and the same 1-in-4-million draw, and then
 * fails the insert instead of mixing two jobs).
 */
public final class JobIds {

    private static final long EPOCH_2024 = 1_704_067_200_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {}

    public static long next() {
        return ((System.currentTimeMillis() - EPOCH_2024) << 22) | RANDOM.nextInt(1 << 22);
    }
}
