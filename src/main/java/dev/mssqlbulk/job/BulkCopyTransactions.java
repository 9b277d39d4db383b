package dev.mssqlbulk.job;

import dev.mssqlbulk.ingest.RowError;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.write.BulkCopyWriter;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The bulk-copy side of one job run: a JDBC connection of its own on which each batch's rows (bulk-copied), its
 * failed rows and the job's checkpoint commit in one transaction, or roll back together. The connection is opened
 * on first use and replaced after it breaks; everything on it runs on a bulk-copy worker.
 */
final class BulkCopyTransactions {

    private static final Logger LOG = Logger.getLogger(BulkCopyTransactions.class);

    private final Instance instance;
    private final JobStore store;
    private final BulkCopyWriter writer;
    private final Executor workers;
    private Connection connection;

    BulkCopyTransactions(Instance instance, JobStore store, BulkCopyWriter writer, Executor workers) {
        this.instance = instance;
        this.store = store;
        this.writer = writer;
        this.workers = workers;
    }

    /** Copies {@code rows}, records {@code errors} and moves the checkpoint to {@code next}, atomically. */
    Uni<Void> commit(List<Object[]> rows, List<RowError> errors, List<Map<String, String>> records, JobRecord next) {
        return Uni.createFrom().<Void>item(() -> {
            try {
                commitNow(rows, errors, records, next);
                return null;
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }).runSubscriptionOn(workers);
    }

    private void commitNow(List<Object[]> rows, List<RowError> errors, List<Map<String, String>> records,
                           JobRecord next) throws SQLException {
        Connection tx = connection();
        try {
            writer.write(tx, rows);
            store.insertErrors(tx, instance, next.id(), errors, records);
            store.checkpoint(tx, instance, next);
            tx.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(tx);
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = instance.jdbc().open();
        }
        return connection;
    }

    /** A connection that cannot roll back is broken: it is dropped, and the server rolls back as it closes. */
    private void rollback(Connection tx) {
        try {
            tx.rollback();
        } catch (SQLException e) {
            LOG.debugf("bulk-copy connection to %s dropped: %s", instance.jdbc().url(), e.getMessage());
            closeQuietly();
        }
    }

    /** Closes the connection, on a worker. */
    Uni<Void> close() {
        return Uni.createFrom().<Void>item(() -> {
            closeQuietly();
            return null;
        }).runSubscriptionOn(workers);
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debugf("closing a bulk-copy connection: %s", e.getMessage());
            }
            connection = null;
        }
    }
}
