package dev.mssqlbulk.upload;

import dev.mssqlbulk.ingest.RowError;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.job.FailedRows;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobStore;
import dev.mssqlbulk.job.JobTakenOverException;
import dev.mssqlbulk.write.BulkCopyWriter;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The bulk-copy side of one job run: a JDBC connection of its own on which each batch's rows (bulk-copied), its
 * failed rows and the job's checkpoint commit in one transaction, or not at all.
 *
 * <p>Nothing here relies on what a server does implicitly. The connection runs in auto-commit mode and each batch
 * opens its transaction itself: one SQL batch sets XACT_ABORT, sends BEGIN TRANSACTION and moves the fenced
 * checkpoint (its UPDATE takes the job row's lock and proves the claim before a row is copied), and reports
 * {@code @@TRANCOUNT}, which must be 1. Under implicit transactions the first statement decides where the
 * transaction starts, and with the driver's bulk-copy metadata cached that statement is the bulk load itself, which
 * one T-SQL server commits on its own.
 *
 * <p>A connection that met any failure is closed, never reused: after a failed bulk load a server may refuse the
 * next one on that session (Babelfish answers with a protocol error and drops it), and closing rolls back whatever
 * the server still holds open. The next batch opens a fresh connection. Everything on it runs on a bulk-copy worker.
 */
final class BulkCopyTransactions {

    private static final Logger LOG = Logger.getLogger(BulkCopyTransactions.class);

    private final Instance instance;
    private final JobStore store;
    private final FailedRows failedRows;
    private final BulkCopyWriter writer;
    private final Executor workers;
    private Connection connection;

    BulkCopyTransactions(
            Instance instance, JobStore store, FailedRows failedRows, BulkCopyWriter writer, Executor workers) {
        this.instance = instance;
        this.store = store;
        this.failedRows = failedRows;
        this.writer = writer;
        this.workers = workers;
    }

    /** Whether the driver encodes every value of {@code rows} exactly; if not, they go through statements. */
    boolean carries(List<Object[]> rows) {
        return writer.carries(rows);
    }

    /** Copies {@code rows}, records {@code errors} and moves the checkpoint to {@code next}, atomically. */
    Uni<Void> commit(List<Object[]> rows, List<RowError> errors, List<Map<String, String>> records, JobRecord next) {
        return Uni.createFrom()
                .<Void>item(() -> {
                    try {
                        commitNow(rows, errors, records, next);
                        return null;
                    } catch (SQLException e) {
                        throw new CompletionException(e);
                    }
                })
                .runSubscriptionOn(workers);
    }

    private void commitNow(
            List<Object[]> rows, List<RowError> errors, List<Map<String, String>> records, JobRecord next)
            throws SQLException {
        Connection tx = connection();
        try {
            begin(tx, next);
            writer.write(tx, rows);
            failedRows.insert(tx, instance, next.id(), errors, records);
            try (Statement commit = tx.createStatement()) {
                commit.execute("COMMIT TRANSACTION");
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Opens the batch's transaction with the checkpoint in it; fails unless the claim holds and one is open. */
    private void begin(Connection tx, JobRecord next) throws SQLException {
        try (Statement statement = tx.createStatement()) {
            boolean resultSet = statement.execute(store.beginWithCheckpoint(instance, next));
            while (!resultSet && statement.getUpdateCount() != -1) {
                resultSet = statement.getMoreResults();
            }
            if (!resultSet) {
                throw new SQLException("the server sent no result for the checkpoint's row count", "HY000");
            }
            try (ResultSet result = statement.getResultSet()) {
                result.next();
                int moved = result.getInt("moved");
                int open = result.getInt("open_transactions");
                if (moved != 1) {
                    throw new JobTakenOverException(next.id());
                }
                if (open != 1) {
                    throw new IllegalStateException("the server reports " + open + " open transactions after BEGIN "
                            + "TRANSACTION on a new bulk-copy connection; expected exactly 1");
                }
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = instance.jdbc().open();
        }
        return connection;
    }

    /** Closes the connection, on a worker. */
    Uni<Void> close() {
        return Uni.createFrom()
                .<Void>item(() -> {
                    closeQuietly();
                    return null;
                })
                .runSubscriptionOn(workers);
    }

    /** Closing a session rolls back whatever it holds open; a broken one is dropped all the same. */
    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debugf(
                        "closing a bulk-copy connection to %s: %s",
                        instance.jdbc().url(), e.getMessage());
            }
            connection = null;
        }
    }
}
