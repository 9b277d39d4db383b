package dev.mssqlbulk.write;

import com.microsoft.sqlserver.jdbc.SQLServerBulkCopy;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import com.microsoft.sqlserver.jdbc.SQLServerException;
import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.sqlserver.FailureKind;
import dev.mssqlbulk.sqlserver.ServerFailures;
import java.sql.Connection;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Inserts one batch with SQL Server's bulk-copy protocol ({@code INSERT BULK} and a BulkLoad message), through
 * mssql-jdbc's {@code SQLServerBulkCopy}, on a connection already inside the batch's transaction. Blocking: it
 * runs on a bulk-copy worker thread, never on an event loop.
 *
 * <p>The options make a bulk copy behave as the batch writer's INSERT does: CHECK constraints are checked and
 * triggers fire (bulk copy skips both by default), an explicit NULL stays NULL instead of taking the column's
 * default ({@code KEEP_NULLS}), unmapped columns take their defaults, identity values are generated. Row locks,
 * not a table lock, so concurrent jobs on one table do not block readers.
 */
public final class BulkCopyWriter {

    private final String table;
    private final List<String> names;
    private final List<BulkCopyValues> columns;
    private final int timeoutSeconds;
    /** The columns holding dates or times: the only values whose exactness {@link #carries} checks. */
    private final int[] dated;

    public BulkCopyWriter(WritePlan plan, Duration timeout) {
        this.table = plan.table().quotedName();
        List<Column> mapped = plan.mapping().columns();
        this.names = mapped.stream().map(Column::name).toList();
        this.columns = mapped.stream().map(BulkCopyValues::forColumn).toList();
        if (columns.contains(null)) {
            throw new IllegalArgumentException("bulk copy cannot carry every column of " + table);
        }
        this.dated = IntStream.range(0, columns.size())
                .filter(i -> columns.get(i).dated())
                .toArray();
        this.timeoutSeconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toSeconds()));
    }

    /** Whether every value of {@code rows} is encoded exactly by the driver; if not, write them with statements. */
    public boolean carries(List<Object[]> rows) {
        if (dated.length == 0) {
            return true;
        }
        for (Object[] row : rows) {
            for (int column : dated) {
                if (!BulkCopyValues.exact(row[column])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Copies {@code rows} (values in upload column order) into the table; the caller commits.
     *
     * <p>A value the driver refuses to encode (its own error, with no server error and no SQLSTATE, e.g. a string
     * longer than the column) is the row's fault, as the server's refusal would be: it is raised as a data
     * exception, so the batch is split until that row fails alone. A lost connection stays what it is.
     */
    public void write(Connection connection, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try {
            copy(connection, rows);
        } catch (SQLServerException e) {
            if (e.getSQLServerError() == null
                    && e.getSQLState() == null
                    && ServerFailures.classify(e) == FailureKind.FATAL) {
                throw new SQLDataException(e.getMessage(), "22000", e);
            }
            throw e;
        }
    }

    private void copy(Connection connection, List<Object[]> rows) throws SQLException {
        try (SQLServerBulkCopy copy = new SQLServerBulkCopy(connection)) {
            SQLServerBulkCopyOptions options = new SQLServerBulkCopyOptions();
            options.setCheckConstraints(true);
            options.setFireTriggers(true);
            options.setKeepNulls(true);
            options.setTableLock(false);
            options.setUseInternalTransaction(false);
            options.setBatchSize(0);
            options.setBulkCopyTimeout(timeoutSeconds);
            copy.setBulkCopyOptions(options);
            copy.setDestinationTableName(table);
            for (int i = 0; i < names.size(); i++) {
                copy.addColumnMapping(i + 1, names.get(i));
            }
            copy.writeToServer(new BulkCopyRows(names, columns, rows));
        }
    }
}
