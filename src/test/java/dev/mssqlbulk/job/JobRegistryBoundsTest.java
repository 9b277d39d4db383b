package dev.mssqlbulk.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's memory is bounded however many jobs pass through it; what it forgets, the status table has. */
class JobRegistryBoundsTest {

    private static final int JOBS = 10_000;
    private static final int KEPT = 100;

    @Test
    void holdsAtMostTheConfiguredNumberOfEndedJobsOverTenThousandJobs() {
        JobRegistry registry = new JobRegistry(null, KEPT, Duration.ofMinutes(10));
        long peak = 0;
        for (int i = 1; i <= JOBS; i++) {
            JobRecord job = job(i, JobStatus.CREATED);
            assertTrue(registry.activate(job.id()));
            registry.put(job);
            registry.put(job.running("node", Instant.now()));
            registry.put(job.finished(JobStatus.COMPLETE, null, Instant.now()));
            registry.deactivate(job.id());
            peak = Math.max(peak, registry.size());
        }
        assertTrue(registry.size() <= KEPT, "held " + registry.size());
        assertTrue(peak <= KEPT + 1, "peak " + peak);
        assertTrue(registry.live(JOBS).isPresent(), "the latest ended job is still answered from memory");
    }

    @Test
    void holdsAtMostTheConfiguredNumberOfEndedJobsReadFromTheStatusTable() {
        JobRegistry registry = new JobRegistry(null, KEPT, Duration.ofMinutes(10));
        for (int i = 1; i <= JOBS; i++) {
            registry.put(job(i, JobStatus.CREATED).finished(JobStatus.ERROR, "x", Instant.now()));
        }
        assertTrue(registry.size() <= KEPT, "held " + registry.size());
    }

    @Test
    void keepsEveryActiveJobAndForgetsAnUnfinishedOneWhenItStopsRunningHere() {
        JobRegistry registry = new JobRegistry(null, 0, Duration.ofMinutes(10));
        JobRecord running = job(1, JobStatus.CREATED).running("node", Instant.now());
        registry.activate(1);
        registry.put(running);
        assertEquals(running, registry.live(1).orElseThrow());

        registry.deactivate(1); // a drain at shutdown: still RUNNING, its state is in the status table

        assertTrue(registry.live(1).isEmpty());
        assertEquals(0, registry.size());
    }

    private static JobRecord job(long id, JobStatus status) {
        Instant now = Instant.now();
        return new JobRecord(
                id,
                "test",
                "t",
                "create",
                null,
                status,
                10,
                0,
                0,
                0,
                0,
                now,
                null,
                null,
                null,
                new JobOptions("create", null, 10, ',', null, false, null, null),
                List.of("id"),
                java.nio.file.Path.of(id + ".csv"),
                null,
                null,
                null,
                now,
                null);
    }
}
