package dev.mssqlbulk.upload;

import dev.mssqlbulk.ingest.ConvertedRow;
import io.smallrye.mutiny.Uni;

/**
 * Commits one batch of converted rows together with the job's checkpoint and the batch's failed rows, in one
 * transaction, so that a batch is in the table exactly once or not at all. One per run, chosen once:
 * {@link StatementCommitter} or {@link BulkCopyCommitter}.
 */
interface BatchCommitter {

    /**
     * Commits the batch. Its {@link Batch#after} (where the record after its last row starts in the upload, or null)
     * is stored with the checkpoint when that checkpoint is that very row (see {@link
     * dev.mssqlbulk.job.JobRecord#progressed(long, dev.mssqlbulk.ingest.ResumePoint, long, long, java.time.Instant)}).
     */
    Uni<Void> commit(Batch batch);

    /**
     * Whether the next batches may be read with their accepted rows' text let go ({@link ConvertedRow.Bound}): this
     * committer has them read again when it needs the text.
     */
    default boolean takesBoundRows() {
        return false;
    }

    /** Releases the committer's connection, if it holds one of its own. */
    default Uni<Void> close() {
        return Uni.createFrom().voidItem();
    }
}
