package dev.mssqlbulk.upload;

import dev.mssqlbulk.ingest.ConvertedRow;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobRun;
import dev.mssqlbulk.sqlserver.FailureKind;
import dev.mssqlbulk.sqlserver.ServerFailures;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Commits each batch in one bulk copy ({@link BulkCopyTransactions}); if the server refuses it for any reason but a
 * transient one, the batch is decided again row by row with statements, which give each bad row its own precise
 * error and carry no bulk-load session state (the refused bulk load's connection is already closed). The next
 * batch bulk-copies again, unless bulk copy itself was refused (not a row, not an unknown error): then the rest of
 * the run uses statements. While it bulk-copies, batches are read without their accepted rows' text
 * ({@link dev.mssqlbulk.ingest.ConvertedRow.Bound}): a batch decided by statements is read again from the upload
 * first, for its failed rows' text.
 */
final class BulkCopyCommitter implements BatchCommitter {

    private static final Logger LOG = Logger.getLogger(BulkCopyCommitter.class);

    private final JobRun run;
    private final StatementCommitter statements;
    private final RowsCommitted committed;
    /** Reads a batch whose rows let their text go again, with it, for the statements (on a worker). */
    private final Function<Batch, Uni<Batch>> withText;
    /** Null once closed, or once the server refused bulk copy itself; read by the thread that reads batches. */
    private volatile BulkCopyTransactions bulkCopy;

    BulkCopyCommitter(
            JobRun run,
            BulkCopyTransactions bulkCopy,
            StatementCommitter statements,
            RowsCommitted committed,
            Function<Batch, Uni<Batch>> withText) {
        this.run = run;
        this.bulkCopy = bulkCopy;
        this.statements = statements;
        this.committed = committed;
        this.withText = withText;
    }

    /** While it bulk-copies: a refused batch, the only one whose rows need their text, is read again. */
    @Override
    public boolean takesBoundRows() {
        return bulkCopy != null;
    }

    @Override
    public Uni<Void> commit(Batch read) {
        BulkCopyTransactions copying = bulkCopy;
        if (copying == null) {
            return byStatements(read);
        }
        List<ConvertedRow> batch = read.rows();
        JobRecord job = run.job();
        SortedRows sorted = new SortedRows(job.header(), batch, List.of());
        if (!copying.carries(sorted.values)) {
            return byStatements(read);
        }
        JobRecord next = job.progressed(
                sorted.lastRow,
                read.after(),
                job.succeeded() + sorted.accepted.size(),
                job.failed() + sorted.errors.size(),
                Instant.now());
        return copying.commit(sorted.values, sorted.errors, sorted.records, next)
                .invoke(() -> committed.advance(next, RowsCommitted.BULK_COPY))
                .onFailure(BulkCopyCommitter::isDecidedByStatements)
                .recoverWithUni(refused -> {
                    FailureKind kind = ServerFailures.classify(refused);
                    LOG.debugf(
                            "Job %d: bulk copy of rows %d-%d refused (%s), deciding them with statements: %s",
                            job.id(), batch.get(0).rowNumber(), sorted.lastRow, kind, ServerFailures.describe(refused));
                    if (kind == FailureKind.FATAL) {
                        LOG.warnf(
                                "Job %d: the server refused bulk copy (%s); the rest of this run uses statements",
                                job.id(), ServerFailures.describe(refused));
                        return close().invoke(statements::takeOver).flatMap(v -> byStatements(read));
                    }
                    return byStatements(read);
                });
    }

    private Uni<Void> byStatements(Batch read) {
        return withText.apply(read).flatMap(statements::commit);
    }

    @Override
    public Uni<Void> close() {
        BulkCopyTransactions closing = bulkCopy;
        if (closing == null) {
            return Uni.createFrom().voidItem();
        }
        bulkCopy = null;
        return closing.close();
    }

    /** A bulk copy refused for anything but a transient reason, or the loss of the job, is decided by statements. */
    private static boolean isDecidedByStatements(Throwable f) {
        return !JobRun.endsRun(f) && ServerFailures.classify(f) != FailureKind.TRANSIENT;
    }
}
