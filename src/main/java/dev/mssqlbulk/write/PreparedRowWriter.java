package dev.mssqlbulk.write;

import dev.mssqlbulk.catalog.Column;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One prepared single-row statement (INSERT, or UPDATE/DELETE by key) executed for the whole batch with
 * {@code executeBatch}: the client pipelines the executions in one round trip and the server compiles the
 * statement once (multi-row VALUES lists were measured at an eighth of this speed, because the compile cost grows
 * with the statement). The row count of each execution tells which rows matched nothing.
 */
final class PreparedRowWriter implements RowWriter {

    private final String sql;
    private final int[] parameterOrder;
    private final boolean countsRows;
    private final Object[] nulls;

    /**
     * @param columns         the columns of each row's values, in upload order
     * @param parameterGroups positions in each row of the values for @p1, @p2, ... in order
     */
    PreparedRowWriter(String sql, List<Column> columns, int[]... parameterGroups) {
        this(sql, true, columns, parameterGroups);
    }

    private PreparedRowWriter(String sql, boolean countsRows, List<Column> columns, int[]... parameterGroups) {
        this.sql = sql;
        this.countsRows = countsRows;
        this.parameterOrder = java.util.Arrays.stream(parameterGroups)
                .flatMapToInt(IntStream::of)
                .toArray();
        this.nulls = TypedNulls.of(columns, parameterOrder);
    }

    /** A writer whose statement is several statements (an upsert): its row counts do not tell rows apart. */
    static PreparedRowWriter uncounted(String sql, List<Column> columns, int[] parameterOrder) {
        return new PreparedRowWriter(sql, false, columns, parameterOrder);
    }

    @Override
    public Uni<int[]> write(SqlConnection connection, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(new int[0]);
        }
        List<Tuple> tuples = rows.stream().map(this::parameters).toList();
        return connection
                .preparedQuery(sql)
                .executeBatch(tuples)
                .map(result -> countsRows ? RowWriter.rowCounts(result, rows.size()) : null);
    }

    private Tuple parameters(Object[] row) {
        Object[] values = new Object[parameterOrder.length];
        for (int i = 0; i < parameterOrder.length; i++) {
            Object value = row[parameterOrder[i]];
            values[i] = value == null ? nulls[i] : value;
        }
        return Tuple.from(values);
    }
}
