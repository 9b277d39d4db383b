package dev.mssqlbulk.job;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** The status JSON of a job, as the contract names its fields. Dates are ISO-8601 UTC. */
@RegisterForReflection
public record JobStatusView(
        String id,
        String status,
        String objectName,
        String action,
        String path,
        long recordsCount,
        long recordsSucceededCount,
        long recordsFailedCount,
        long recordsUnprocessedCount,
        int percentComplete,
        String createdDate,
        String startedDate,
        String completedDate,
        String statusMessage,
        String callbackStatus) {

    public static JobStatusView of(JobRecord job) {
        return new JobStatusView(
                String.valueOf(job.id()),
                job.status().name(),
                job.objectName(),
                job.action(),
                job.path(),
                job.recordsCount(),
                job.succeeded(),
                job.failed(),
                job.unprocessedNow(),
                job.percentComplete(),
                iso(job.createdDate()),
                iso(job.startedDate()),
                iso(job.completedDate()),
                job.statusMessage(),
                job.callbackStatus());
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
