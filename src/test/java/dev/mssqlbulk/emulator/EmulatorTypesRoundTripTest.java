package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.mssqlclient.MSSQLConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmulatorTypesRoundTripTest extends EmulatorTestSupport {
    static final String COLUMNS =
            "[c_tinyint], [c_smallint], [c_int], [c_bigint], [c_bit], [c_decimal], [c_numeric], [c_float],"
                    + " [c_real], [c_date], [c_time], [c_dt2], [c_dto], [c_datetime], [c_guid], [c_nvarchar], [c_varchar], [c_nchar],"
                    + " [c_char], [c_nvmax], [c_varbinary], [c_binary], [c_vbmax], [c_money]";
    static final int N = 24;
    static String table;

    @BeforeAll
    static void createTable() throws Exception {
        table = unique("types");
        sql("CREATE TABLE [dbo].[" + table
                + "] ([id] INT NOT NULL PRIMARY KEY, [c_tinyint] TINYINT NULL, [c_smallint] SMALLINT,"
                + " [c_int] INT, [c_bigint] BIGINT, [c_bit] BIT, [c_decimal] DECIMAL(18,4), [c_numeric] NUMERIC(10,0),"
                + " [c_float] FLOAT, [c_real] REAL, [c_date] DATE, [c_time] TIME(7), [c_dt2] DATETIME2(7),"
                + " [c_dto] DATETIMEOFFSET(7), [c_datetime] DATETIME, [c_guid] UNIQUEIDENTIFIER, [c_nvarchar] NVARCHAR(100),"
                + " [c_varchar] VARCHAR(100), [c_nchar] NCHAR(5), [c_char] CHAR(3), [c_nvmax] NVARCHAR(MAX),"
                + " [c_varbinary] VARBINARY(100), [c_binary] BINARY(4), [c_vbmax] VARBINARY(MAX), [c_money] MONEY)");
    }

    @AfterAll
    static void dropTable() {
        dropQuietly(table);
    }

    static String placeholders(int first) {
        List<String> p = new ArrayList<>();
        for (int i = 0; i < N + 1; i++) {
            p.add("@p" + (first + i));
        }
        return "(" + String.join(", ", p) + ")";
    }

    @Test
    void multiRowParameterizedInsertReadsBackEveryTypeExactly() throws Exception {
        UUID guid = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");
        byte[] small = new byte[100];
        for (int i = 0; i < small.length; i++) {
            small[i] = (byte) (i * 7);
        }
        byte[] big = new byte[10_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i % 251);
        }
        String longText = "ÄÖÜ-ß-世界-✓-".repeat(500);
        OffsetDateTime dto = OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 789_012_300, ZoneOffset.ofHoursMinutes(5, 30));
        Tuple values = Tuple.tuple()
                .addValue(1)
                .addValue((short) 200)
                .addValue((short) -12345)
                .addValue(123_456_789)
                .addValue(9_000_000_000_000L)
                .addValue(true)
                .addValue(new BigDecimal("12345678901234.5678"))
                .addValue(new BigDecimal("9999999999"))
                .addValue(1.2345678901234e100)
                .addValue(3.25f)
                .addValue(LocalDate.of(2024, 2, 29))
                .addValue(LocalTime.of(23, 59, 59, 123_456_700))
                .addValue(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_012_300))
                .addValue(dto)
                .addValue(LocalDateTime.of(2023, 12, 31, 23, 59, 58, 123_000_000))
                .addValue(guid)
                .addValue("Grüße, 世界 ✓ 'quoted' \"double\"")
                .addValue("plain ascii")
                .addValue("ab")
                .addValue("xy")
                .addValue(longText)
                .addValue(Buffer.buffer(small))
                .addValue(Buffer.buffer(new byte[] {1, 2, 3, 4}))
                .addValue(Buffer.buffer(big))
                .addValue(new BigDecimal("12345.6789"));
        values.addValue(2);
        for (int i = 0; i < N; i++) {
            values.addValue(null);
        }
        MSSQLConnection c = connect();
        try {
            RowSet<Row> inserted = prepared(
                    c,
                    "INSERT INTO [dbo].[" + table + "] ([id], " + COLUMNS + ") VALUES " + placeholders(1) + ", "
                            + placeholders(N + 2),
                    values);
            assertEquals(2, inserted.rowCount());

            RowSet<Row> rows = prepared(
                    c,
                    "SELECT [id], " + COLUMNS + " FROM [dbo].[" + table + "] WHERE [id] IN (@p1, @p2) ORDER BY [id]",
                    Tuple.of(1, 2));
            assertEquals(2, rows.size());
            Iterator<Row> it = rows.iterator();
            Row r = it.next();
            assertEquals(1, r.getInteger("id"));
            assertEquals(200, r.getInteger("c_tinyint"));
            assertEquals((short) -12345, r.getShort("c_smallint"));
            assertEquals(123_456_789, r.getValue("c_int"));
            assertEquals(9_000_000_000_000L, r.getValue("c_bigint"));
            assertEquals(Boolean.TRUE, r.getValue("c_bit"));
            assertEquals(new BigDecimal("12345678901234.5678"), r.getValue("c_decimal"));
            assertEquals(new BigDecimal("9999999999"), r.getValue("c_numeric"));
            assertEquals(1.2345678901234e100, r.getValue("c_float"));
            assertEquals(3.25f, r.getValue("c_real"));
            assertEquals(LocalDate.of(2024, 2, 29), r.getValue("c_date"));
            assertEquals(LocalTime.of(23, 59, 59, 123_456_700), r.getValue("c_time"));
            assertEquals(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_012_300), r.getValue("c_dt2"));
            assertEquals(dto, r.getValue("c_dto"));
            assertEquals(LocalDateTime.of(2023, 12, 31, 23, 59, 58, 123_000_000), r.getValue("c_datetime"));
            assertEquals(guid, r.getValue("c_guid"));
            assertEquals("Grüße, 世界 ✓ 'quoted' \"double\"", r.getValue("c_nvarchar"));
            assertEquals("plain ascii", r.getValue("c_varchar"));
            assertEquals("ab   ", r.getValue("c_nchar"));
            assertEquals("xy ", r.getValue("c_char"));
            assertEquals(longText, r.getValue("c_nvmax"));
            assertArrayEquals(small, r.getBuffer("c_varbinary").getBytes());
            assertArrayEquals(new byte[] {1, 2, 3, 4}, r.getBuffer("c_binary").getBytes());
            assertArrayEquals(big, r.getBuffer("c_vbmax").getBytes());
            assertEquals(new BigDecimal("12345.6789"), r.getValue("c_money"));

            Row nulls = it.next();
            assertEquals(2, nulls.getInteger("id"));
            for (int i = 1; i <= N; i++) {
                assertNull(nulls.getValue(i), "column " + rows.columnsNames().get(i));
            }
        } finally {
            await(c.close());
        }
    }

    @Test
    void oneMegabyteNvarcharMaxRoundTrips() throws Exception {
        StringBuilder sb = new StringBuilder(1 << 20);
        for (int i = 0; sb.length() < (1 << 20); i++) {
            sb.append((char) ('a' + i % 26)).append('é');
        }
        String value = sb.substring(0, 1 << 20);
        MSSQLConnection c = connect();
        try {
            prepared(c, "INSERT INTO [dbo].[" + table + "] ([id], [c_nvmax]) VALUES (@p1, @p2)", Tuple.of(10, value));
            Row r = prepared(
                            c,
                            "SELECT [c_nvmax], LEN([c_nvmax]) AS len FROM [dbo].[" + table + "] WHERE [id] = @p1",
                            Tuple.of(10))
                    .iterator()
                    .next();
            assertEquals(1 << 20, r.getInteger("len"));
            assertEquals(value, r.getString("c_nvmax"));
        } finally {
            await(c.close());
        }
    }

    @Test
    void largeValuesRoundTripWithMaximumPacketSize() throws Exception {
        String text = "packet-32767|".repeat(40_000);
        byte[] bytes = new byte[200_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        MSSQLConnection c = connect(TestServer.connectOptions().setPacketSize(32767));
        try {
            prepared(
                    c,
                    "INSERT INTO [dbo].[" + table + "] ([id], [c_nvmax], [c_vbmax]) VALUES (@p1, @p2, @p3)",
                    Tuple.of(11, text, Buffer.buffer(bytes)));
            Row r = prepared(c, "SELECT [c_nvmax], [c_vbmax] FROM [dbo].[" + table + "] WHERE [id] = @p1", Tuple.of(11))
                    .iterator()
                    .next();
            assertEquals(text, r.getString("c_nvmax"));
            assertArrayEquals(bytes, r.getBuffer("c_vbmax").getBytes());
        } finally {
            await(c.close());
        }
    }

    @Test
    void literalsAndFunctionsHaveSqlServerTypes() throws Exception {
        Row r = sql("SELECT CAST(1 AS BIT) AS b, CAST(5 AS TINYINT) AS t, NEWID() AS g, SYSUTCDATETIME() AS now,"
                        + " GETUTCDATE() AS utc, CAST(12.5 AS DECIMAL(5,2)) AS d, N'x' AS s")
                .iterator()
                .next();
        assertEquals(Boolean.TRUE, r.getValue("b"));
        assertEquals(5, r.getInteger("t"));
        assertTrue(r.getValue("g") instanceof UUID);
        assertTrue(r.getValue("now") instanceof LocalDateTime);
        assertTrue(r.getValue("utc") instanceof LocalDateTime);
        assertEquals(new BigDecimal("12.50"), r.getValue("d"));
        assertEquals("x", r.getValue("s"));
        assertFalse(r.getLocalDateTime("now")
                .isBefore(LocalDateTime.now(ZoneOffset.UTC).minusMinutes(5)));
    }
}
