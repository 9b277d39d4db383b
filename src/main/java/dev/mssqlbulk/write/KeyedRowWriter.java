package dev.mssqlbulk.write;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A prepared single-row UPDATE or DELETE by key, executed for the whole batch with {@code executeBatch}; the row
 * count of each execution tells which rows matched nothing.
 */
final class KeyedRowWriter implements RowWriter {

    private final String sql;
    private final int[] parameterOrder;

    /** @param parameterGroups positions in each row of the values for @p1, @p2, ... in order */
    KeyedRowWriter(String sql, int[]... parameterGroups) {
        this.sql = sql;
        this.parameterOrder = java.util.Arrays.stream(parameterGroups).flatMapToInt(IntStream::of).toArray();
    }

    @Override
    public Uni<int[]> write(SqlConnection connection, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(new int[0]);
        }
        List<Tuple> tuples = rows.stream().map(this::parameters).toList();
        return connection.preparedQuery(sql).executeBatch(tuples).map(result -> RowWriter.rowCounts(result, rows.size()));
    }

    private Tuple parameters(Object[] row) {
        Object[] values = new Object[parameterOrder.length];
        for (int i = 0; i < parameterOrder.length; i++) {
            values[i] = row[parameterOrder[i]];
        }
        return Tuple.from(values);
    }
}
