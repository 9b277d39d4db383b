package dev.mssqlbulk.write;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;

/**
 * Writes one batch of converted rows on a connection that is already inside the batch's transaction. The
 * statement shape is the writer's business; the pipeline does not care how rows reach the server.
 */
public interface RowWriter {

    /**
     * @param rows each row's values in upload column order, already converted to the Java types the client encodes
     * @return the rows each input row affected, in order, or null when the statement cannot tell rows apart
     */
    Uni<int[]> write(SqlConnection connection, List<Object[]> rows);

    static RowWriter forPlan(WritePlan plan) {
        return switch (plan.action()) {
            case CREATE ->
                new PreparedRowWriter(
                        SqlServerDialect.insert(plan.table(), plan.mapping().columns()),
                        plan.mapping().columns(),
                        plan.allIndexes());
            case UPDATE ->
                new PreparedRowWriter(
                        SqlServerDialect.update(plan),
                        plan.mapping().columns(),
                        plan.valueIndexes(),
                        plan.keyIndexes());
            case DELETE ->
                new PreparedRowWriter(
                        SqlServerDialect.delete(plan), plan.mapping().columns(), plan.keyIndexes());
            case UPSERT ->
                PreparedRowWriter.uncounted(
                        SqlServerDialect.upsert(plan), plan.mapping().columns(), plan.allIndexes());
        };
    }

    /** The row counts of an {@code executeBatch}: one result per tuple, chained. */
    static int[] rowCounts(RowSet<?> first, int tuples) {
        int[] counts = new int[tuples];
        RowSet<?> result = first;
        for (int i = 0; i < tuples && result != null; i++) {
            counts[i] = result.rowCount();
            result = result.next();
        }
        return counts;
    }
}
