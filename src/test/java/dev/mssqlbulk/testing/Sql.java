package dev.mssqlbulk.testing;

import io.vertx.core.Vertx;
import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads the test database through its own client, to check what a job really wrote. */
public final class Sql {

    private static final Vertx VERTX = Vertx.vertx();

    private Sql() {}

    public static List<Row> query(String sql, Object... params) {
        try {
            return MSSQLConnection.connect(VERTX, MssqlTestResource.connectOptions())
                    .compose(connection -> connection
                            .preparedQuery(sql)
                            .execute(Tuple.from(params))
                            .eventually(() -> connection.close()))
                    .map(rows -> {
                        List<Row> list = new ArrayList<>();
                        rows.forEach(list::add);
                        return list;
                    })
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    public static long count(String table) {
        return query("SELECT COUNT(*) AS n FROM " + table).get(0).getLong("n");
    }

    public static void execute(String sql) {
        query(sql);
    }
}
