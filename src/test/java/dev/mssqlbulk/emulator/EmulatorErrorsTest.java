package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.mssqlclient.MSSQLException;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmulatorErrorsTest extends EmulatorTestSupport {
    static final String S = "errs" + Long.toHexString(System.nanoTime() & 0xFFFFFF);
    static final String PARENT = S + "_parent";
    static final String CHILD = S + "_child";
    static final String IDENT = S + "_ident";
    static final String UIX = S + "_uix";

    MSSQLConnection conn;

    @BeforeAll
    static void createTables() throws Exception {
        sql("CREATE TABLE [dbo].[" + PARENT
                + "] ([id] INT NOT NULL PRIMARY KEY, [code] NVARCHAR(10) NOT NULL CONSTRAINT [UQ_"
                + PARENT + "_code] UNIQUE, [qty] INT NOT NULL CONSTRAINT [CK_" + PARENT + "_qty] CHECK ([qty] >= 0),"
                + " [amount] DECIMAL(5,2) NULL, [born] DATE NULL, [label] NVARCHAR(5) NULL)");
        sql("CREATE TABLE [dbo].[" + CHILD
                + "] ([id] INT NOT NULL PRIMARY KEY, [parent_id] INT NOT NULL CONSTRAINT [FK_" + CHILD
                + "] REFERENCES [dbo].[" + PARENT + "] ([id]))");
        sql("CREATE TABLE [dbo].[" + IDENT + "] ([id] INT IDENTITY(1,1) NOT NULL PRIMARY KEY, [v] NVARCHAR(10) NULL)");
        sql("CREATE TABLE [dbo].[" + UIX + "] ([id] INT NOT NULL, [k] NVARCHAR(10) NOT NULL);\n"
                + "CREATE UNIQUE INDEX [IX_" + UIX + "_k] ON [dbo].[" + UIX + "] ([k]);\n"
                + "INSERT INTO [dbo].[" + UIX + "] ([id], [k]) VALUES (1, N'k1');\n"
                + "INSERT INTO [dbo].[" + PARENT + "] ([id], [code], [qty]) VALUES (1, N'A', 1)");
    }

    @AfterAll
    static void dropTables() {
        dropQuietly(CHILD);
        dropQuietly(PARENT);
        dropQuietly(IDENT);
        dropQuietly(UIX);
    }

    @BeforeEach
    void open() throws Exception {
        conn = connect();
    }

    @AfterEach
    void close() throws Exception {
        await(conn.close());
    }

    static Stream<Arguments> errors() {
        String insParent = "INSERT INTO [dbo].[" + PARENT
                + "] ([id], [code], [qty], [amount], [born], [label]) VALUES (@p1, @p2, @p3, @p4, @p5, @p6)";
        return Stream.of(
                Arguments.of("primary key violation", 2627, insParent, Tuple.of(1, "B", 1, null, null, null)),
                Arguments.of("unique constraint violation", 2627, insParent, Tuple.of(2, "A", 1, null, null, null)),
                Arguments.of(
                        "unique index violation",
                        2601,
                        "INSERT INTO [dbo].[" + UIX + "] ([id], [k]) VALUES (@p1, @p2)",
                        Tuple.of(2, "k1")),
                Arguments.of("null into not null column", 515, insParent, Tuple.of(3, null, 1, null, null, null)),
                Arguments.of("text into int column", 245, insParent, Tuple.of(4, "C", "abc", null, null, null)),
                Arguments.of("text into date column", 241, insParent, Tuple.of(5, "D", 1, null, "not a date", null)),
                Arguments.of("string too long", 2628, insParent, Tuple.of(6, "E", 1, null, null, "far too long")),
                Arguments.of(
                        "decimal overflow",
                        8115,
                        insParent,
                        Tuple.of(7, "F", 1, new BigDecimal("12345.67"), null, null)),
                Arguments.of(
                        "foreign key violation",
                        547,
                        "INSERT INTO [dbo].[" + CHILD + "] ([id], [parent_id]) VALUES (@p1, @p2)",
                        Tuple.of(1, 999)),
                Arguments.of("check constraint violation", 547, insParent, Tuple.of(8, "G", -1, null, null, null)),
                Arguments.of("unknown table", 208, "SELECT * FROM [dbo].[no_such_table_" + S + "]", null),
                Arguments.of("unknown column", 207, "SELECT [no_such_column] FROM [dbo].[" + PARENT + "]", null),
                Arguments.of("table exists", 2714, "CREATE TABLE [dbo].[" + PARENT + "] ([x] INT)", null),
                Arguments.of("syntax error", 102, "SELECT * FROM [dbo].[" + PARENT + "] WHERE [id] = = 1", null),
                Arguments.of(
                        "explicit identity value",
                        544,
                        "INSERT INTO [dbo].[" + IDENT + "] ([id], [v]) VALUES (@p1, @p2)",
                        Tuple.of(5, "x")),
                Arguments.of("rollback without transaction", 3903, "ROLLBACK TRANSACTION", null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("errors")
    void sqlServerErrorNumberSurfacesAsMssqlException(String what, int number, String sql, Tuple params) {
        MSSQLException e = failure(
                params == null
                        ? conn.query(sql).execute()
                        : conn.preparedQuery(sql).execute(params));
        if (number == 2628) {
            assertTrue(e.number() == 2628 || e.number() == 8152, e.toString());
        } else {
            assertEquals(number, e.number(), e.toString());
        }
        assertTrue(e.severity() >= 11, e.toString());
    }

    @Test
    void messagesUseSqlServerWording() {
        String insParent = "INSERT INTO [dbo].[" + PARENT + "] ([id], [code], [qty]) VALUES (@p1, @p2, @p3)";
        MSSQLException pk = failure(conn.preparedQuery(insParent).execute(Tuple.of(1, "Z", 1)));
        assertTrue(pk.errorMessage().startsWith("Violation of PRIMARY KEY constraint '"), pk.errorMessage());
        assertTrue(
                pk.errorMessage()
                        .endsWith("Cannot insert duplicate key in object 'dbo." + PARENT
                                + "'. The duplicate key value is (1)."),
                pk.errorMessage());
        assertEquals(14, pk.severity());

        MSSQLException uq = failure(conn.preparedQuery(insParent).execute(Tuple.of(9, "A", 1)));
        assertEquals(
                "Violation of UNIQUE KEY constraint 'UQ_" + PARENT
                        + "_code'. Cannot insert duplicate key in object 'dbo." + PARENT
                        + "'. The duplicate key value is (A).",
                uq.errorMessage());

        MSSQLException ix = failure(conn.preparedQuery("INSERT INTO [dbo].[" + UIX + "] ([id], [k]) VALUES (@p1, @p2)")
                .execute(Tuple.of(3, "k1")));
        assertEquals(
                "Cannot insert duplicate key row in object 'dbo." + UIX + "' with unique index 'IX_" + UIX
                        + "_k'. The duplicate key value is (k1).",
                ix.errorMessage());

        MSSQLException nul = failure(conn.preparedQuery(insParent).execute(Tuple.of(10, null, 1)));
        assertTrue(
                nul.errorMessage().startsWith("Cannot insert the value NULL into column 'code', table '"),
                nul.errorMessage());
        assertTrue(
                nul.errorMessage().endsWith(".dbo." + PARENT + "'; column does not allow nulls. INSERT fails."),
                nul.errorMessage());

        MSSQLException conv = failure(conn.preparedQuery(insParent).execute(Tuple.of(11, "Q", "abc")));
        assertEquals(
                "Conversion failed when converting the nvarchar value 'abc' to data type int.", conv.errorMessage());

        assertEquals(
                "Invalid object name 'no_such_" + S + "'.",
                failure(conn.query("SELECT * FROM no_such_" + S).execute()).errorMessage());
        assertEquals(
                "Invalid column name 'nope'.",
                failure(conn.query("SELECT nope FROM [dbo].[" + PARENT + "]").execute())
                        .errorMessage());
        assertEquals(
                "There is already an object named '" + PARENT + "' in the database.",
                failure(conn.query("CREATE TABLE [dbo].[" + PARENT + "] ([x] INT)")
                                .execute())
                        .errorMessage());
        assertEquals(
                "Cannot insert explicit value for identity column in table '" + IDENT
                        + "' when IDENTITY_INSERT is set to OFF.",
                failure(conn.query("INSERT INTO [dbo].[" + IDENT + "] ([id], [v]) VALUES (1, N'x')")
                                .execute())
                        .errorMessage());
    }

    @Test
    void identityInsertOnAllowsExplicitValuesAndIdentityContinuesAfterThem() throws Exception {
        sql(
                conn,
                "SET IDENTITY_INSERT [dbo].[" + IDENT + "] ON; INSERT INTO [dbo].[" + IDENT
                        + "] ([id], [v]) VALUES (100, N'explicit');" + " SET IDENTITY_INSERT [dbo].[" + IDENT
                        + "] OFF");
        sql(conn, "INSERT INTO [dbo].[" + IDENT + "] ([v]) VALUES (N'next')");
        assertEquals(
                101,
                sql(conn, "SELECT [id] FROM [dbo].[" + IDENT + "] WHERE [v] = N'next'")
                        .iterator()
                        .next()
                        .getInteger(0));
    }
}
