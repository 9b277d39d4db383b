package dev.mssqlbulk.write;

import dev.mssqlbulk.ingest.BatchPlanner;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Upsert as one set-based MERGE per chunk of the batch, with the chunk's rows as a VALUES source. A chunk stays
 * within SQL Server's 2,100 parameters and 1,000 VALUES rows. A source with the same key twice fails the MERGE
 * (8672), which splits the batch like any failed row.
 */
final class MergeRowWriter implements RowWriter {

    private final WritePlan plan;
    private final int rowsPerStatement;

    MergeRowWriter(WritePlan plan) {
        this.plan = plan;
        this.rowsPerStatement = BatchPlanner.rowsPerStatement(plan.mapping().columns().size());
    }

    @Override
    public Uni<int[]> write(SqlConnection connection, List<Object[]> rows) {
        return Multi.createFrom().iterable(BatchPlanner.chunks(rows, rowsPerStatement))
                .onItem().transformToUniAndConcatenate(chunk -> merge(connection, chunk))
                .collect().last()
                .map(done -> (int[]) null);
    }

    private Uni<Void> merge(SqlConnection connection, List<Object[]> chunk) {
        List<Object> parameters = new ArrayList<>(chunk.size() * plan.mapping().columns().size());
        chunk.forEach(row -> parameters.addAll(java.util.Arrays.asList(row)));
        return connection.preparedQuery(SqlServerDialect.merge(plan, chunk.size()))
                .execute(Tuple.from(parameters)).replaceWithVoid();
    }
}
