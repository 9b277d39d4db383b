package dev.mssqlbulk.write;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.Table;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.List;

/**
 * Writes one batch of converted rows into a table on a connection that is already inside the batch's transaction.
 * The statement shape is the writer's business; the pipeline does not care how rows reach the server.
 */
public interface RowWriter {

    /**
     * @param columns the target columns, in the order of each row's values
     * @param rows    each row's values, already converted to the Java types the client encodes
     */
    Uni<Void> write(SqlConnection connection, Table table, List<Column> columns, List<Object[]> rows);
}
