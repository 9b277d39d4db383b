package dev.mssqlbulk.upload;

import dev.mssqlbulk.ingest.ConvertedRow;
import dev.mssqlbulk.ingest.ResumePoint;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Commits one batch of converted rows together with the job's checkpoint and the batch's failed rows, in one
 * transaction, so that a batch is in the table exactly once or not at all. One per run, chosen once:
 * {@link StatementCommitter} or {@link BulkCopyCommitter}.
 */
interface BatchCommitter {

    /**
     * @param after where the record after the batch's last row starts in the upload, or null: stored with the
     *              checkpoint when that checkpoint is that very row (see {@link dev.mssqlbulk.job.JobRecord#progressed(
     *              long, ResumePoint, long, long, java.time.Instant)})
     */
    Uni<Void> commit(List<ConvertedRow> batch, ResumePoint after);

    /** Releases the committer's connection, if it holds one of its own. */
    default Uni<Void> close() {
        return Uni.createFrom().voidItem();
    }
}
