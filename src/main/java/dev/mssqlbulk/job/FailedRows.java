package dev.mssqlbulk.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.ingest.RowError;
import dev.mssqlbulk.instance.Instance;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's failed rows in the status tables: each with its row number, error number, message and raw record,
 * inserted in the transaction of the batch they belong to (on the reactive pool or on a bulk-copy JDBC
 * connection), and read back a page at a time in row order.
 */
@ApplicationScoped
public class FailedRows {

    private final ObjectMapper json;

    public FailedRows(ObjectMapper json) {
        this.json = json;
    }

    /** A failed row as stored: its number, SQL Server error number (0 for validation), message and raw record. */
    public record FailedRow(long rowNumber, int errorCode, String message, Map<String, String> record) {}

    public Uni<Void> insert(
            SqlClient tx, Instance instance, long jobId, List<RowError> errors, List<Map<String, String>> records) {
        if (errors.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples =
                errorValues(jobId, errors, records).stream().map(Tuple::from).toList();
        return tx.preparedQuery(errorSql(instance, "@p")).executeBatch(tuples).replaceWithVoid();
    }

    /** {@link #insert(SqlClient, Instance, long, List, List)} on a JDBC connection inside a bulk-copy transaction. */
    public void insert(
            Connection tx, Instance instance, long jobId, List<RowError> errors, List<Map<String, String>> records)
            throws SQLException {
        if (errors.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = tx.prepareStatement(errorSql(instance, "?"))) {
            for (Object[] values : errorValues(jobId, errors, records)) {
                bind(statement, values);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private String errorSql(Instance instance, String marker) {
        return StatusTables.parameters(
                "INSERT INTO " + StatusTables.qualified(instance, StatusTables.ERROR_TABLE)
                        + " ([job_id], [row_num], [error_code], [message], [record]) VALUES (@1, @2, @3, @4, @5)",
                marker);
    }

    private List<Object[]> errorValues(long jobId, List<RowError> errors, List<Map<String, String>> records) {
        List<Object[]> values = new ArrayList<>(errors.size());
        for (int i = 0; i < errors.size(); i++) {
            RowError error = errors.get(i);
            values.add(new Object[] {
                jobId, error.rowNumber(), error.errorCode(), truncate(error.message()), write(records.get(i))
            });
        }
        return values;
    }

    private static void bind(PreparedStatement statement, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    /** One page of a job's failed rows after {@code afterRow}, in row order. */
    public Uni<List<FailedRow>> page(Instance instance, long jobId, long afterRow, int limit) {
        String sql = "SELECT TOP (@p1) [row_num], [error_code], [message], [record] FROM "
                + StatusTables.qualified(instance, StatusTables.ERROR_TABLE)
                + " WHERE [job_id] = @p2 AND [row_num] > @p3 ORDER BY [row_num]";
        return instance.pool()
                .preparedQuery(sql)
                .execute(Tuple.of(limit, jobId, afterRow))
                .map(rows -> {
                    List<FailedRow> page = new ArrayList<>();
                    rows.forEach(row -> page.add(new FailedRow(
                            row.getLong("row_num"),
                            row.getInteger("error_code"),
                            row.getString("message"),
                            readRecord(row.getString("record")))));
                    return page;
                });
    }

    /** The numbers of a job's failed rows between two row numbers, inclusive, in order. */
    public Uni<List<Long>> rowNumbers(Instance instance, long jobId, long fromRow, long toRow) {
        String sql = "SELECT [row_num] FROM " + StatusTables.qualified(instance, StatusTables.ERROR_TABLE)
                + " WHERE [job_id] = @p1 AND [row_num] BETWEEN @p2 AND @p3 ORDER BY [row_num]";
        return instance.pool()
                .preparedQuery(sql)
                .execute(Tuple.of(jobId, fromRow, toRow))
                .map(rows -> {
                    List<Long> numbers = new ArrayList<>();
                    rows.forEach(row -> numbers.add(row.getLong("row_num")));
                    return numbers;
                });
    }

    private Map<String, String> readRecord(String text) {
        try {
            return json.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable failed row: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Map<String, String> record) {
        try {
            return json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String message) {
        return message == null || message.length() <= 4000 ? message : message.substring(0, 3997) + "...";
    }
}
