package dev.mssqlbulk.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** What the service counts, for {@code /q/metrics}: rows, batches, jobs, staged bytes and callback attempts. */
@ApplicationScoped
public class JobMetrics {

    private final MeterRegistry registry;

    public JobMetrics(MeterRegistry registry, JobRegistry jobs) {
        this.registry = registry;
        for (JobStatus status : new JobStatus[] {JobStatus.CREATED, JobStatus.RUNNING}) {
            Gauge.builder("mssqlbulk.jobs.active", jobs, j -> j.activeCount(status))
                    .description("Jobs this replica queues (CREATED) or runs (RUNNING)")
                    .tag("status", status.name())
                    .register(registry);
        }
    }

    /** @param writer {@code bulk-copy} or {@code batch}: how these rows reached the table */
    public void rowsCommitted(String instance, String action, String writer, long succeeded, long failed) {
        if (succeeded > 0) {
            Counter.builder("mssqlbulk.rows.written")
                    .description("Rows written to SQL Server")
                    .tags("instance", instance, "action", action, "writer", writer)
                    .register(registry)
                    .increment(succeeded);
        }
        if (failed > 0) {
            Counter.builder("mssqlbulk.rows.failed")
                    .description("Rows that failed, by validation or the database")
                    .tags("instance", instance, "action", action, "writer", writer)
                    .register(registry)
                    .increment(failed);
        }
    }

    public void batchWritten(String instance, Duration took) {
        Timer.builder("mssqlbulk.batch.duration")
                .description("Time to write and commit one batch, splits included")
                .tag("instance", instance)
                .register(registry)
                .record(took);
    }

    void jobEnded(String instance, JobStatus status) {
        Counter.builder("mssqlbulk.jobs.ended")
                .description("Jobs that ended, by final status")
                .tags("instance", instance, "status", status.name())
                .register(registry)
                .increment();
    }

    public void bytesStaged(String instance, long bytes) {
        Counter.builder("mssqlbulk.upload.bytes")
                .description("Bytes of uploads staged to disk")
                .baseUnit("bytes")
                .tag("instance", instance)
                .register(registry)
                .increment(bytes);
    }

    void callbackAttempt(String instance, boolean delivered) {
        Counter.builder("mssqlbulk.callback.attempts")
                .description("Callback POST attempts")
                .tags("instance", instance, "outcome", delivered ? "delivered" : "failed")
                .register(registry)
                .increment();
    }
}
