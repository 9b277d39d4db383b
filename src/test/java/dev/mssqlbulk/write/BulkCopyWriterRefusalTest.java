package dev.mssqlbulk.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.sqlserver.FailureKind;
import dev.mssqlbulk.sqlserver.ServerFailures;
import dev.mssqlbulk.testing.TestServer;
import java.sql.Connection;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The writer on a real mssql-jdbc connection to the test server, for what the HTTP tests cannot reach. */
class BulkCopyWriterRefusalTest {

    private static Connection connect() throws SQLException {
        Connection connection = TestServer.jdbc("");
        connection.setAutoCommit(false);
        return connection;
    }

    @Test
    void aValueTheDriverRefusesToEncodeIsTheRowsFaultNotTheJobs() throws Exception {
        String name = "refused_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection connection = connect();
                Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE [dbo].[" + name + "] ([id] INT NOT NULL PRIMARY KEY, [code] NVARCHAR(2) NULL)");
            connection.commit();
            Table table = new Table(
                    "dbo",
                    name,
                    false,
                    List.of(
                            new Column("id", 1, "int", false, null, null, null, false, false, false, true),
                            new Column("code", 2, "nvarchar", true, 2, null, null, false, false, false, false)));
            BulkCopyWriter writer = new BulkCopyWriter(
                    WritePlan.of(table, List.of("id", "code"), WriteAction.CREATE, null), Duration.ofSeconds(30));

            // the upload core would have refused "abcd" for nvarchar(2); the driver refuses it too, on its own
            SQLDataException refused = assertThrows(
                    SQLDataException.class,
                    () -> writer.write(
                            connection, List.<Object[]>of(new Object[] {1, "ok"}, new Object[] {2, "abcd"})));
            assertEquals(FailureKind.ROW, ServerFailures.classify(refused));
            connection.rollback();

            writer.write(connection, List.<Object[]>of(new Object[] {1, "ok"}));
            connection.commit();
            try (var rows = ddl.executeQuery("SELECT COUNT(*) FROM [dbo].[" + name + "]")) {
                rows.next();
                assertEquals(1, rows.getInt(1), "the connection stays usable after the refusal");
            }
            ddl.execute("DROP TABLE [dbo].[" + name + "]");
            connection.commit();
        }
    }
}
