package dev.mssqlbulk.write;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.Metrics;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Instance {@code test} writes creates with bulk copy (write-mode auto), instance {@code batch} the same database
 * with prepared statements. The same files go through both: what lands, and what fails, must be the same, value
 * for value.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class BulkCopyWriterTest {

    private static final String BIG_TEXT = "zażółć gęślą jaźń 東京 ".repeat(500);
    private static final String BIG_ASCII = "v".repeat(9000);
    private static final String BIG_HEX = HexFormat.of().formatHex(countingBytes(20000));

    private static final String HEADER = "id,c_tinyint,c_smallint,c_int,c_bigint,c_bit,c_decimal,c_numeric,c_money,"
            + "c_smallmoney,c_float,c_real,c_date,c_time,c_time0,c_datetime2,c_datetime2_3,c_datetime,c_smalldatetime,"
            + "c_datetimeoffset,c_guid,c_char,c_varchar,c_nchar,c_nvarchar,c_nvarchar_max,c_varchar_max,c_binary,"
            + "c_varbinary,c_varbinary_max";

    /**
     * Row bodies after the id: the smallest values, the largest, everyday ones around a DST change, all NULL, and
     * dates of October 1582 (in a batch of their own: the writer sends that batch with statements).
     */
    private static final List<String> ROWS = List.of(
            "0,-32768,-2147483648,-9223372036854775808,false,-9999999999999999999999999999.9999999999,-999999.999,"
                    + "-922337203685477.5808,-214748.3648,-1.7976931348623157E308,-3.4028235E38,0001-01-01,00:00:00,"
                    + "00:00:00,0001-01-01 00:00:00,0001-01-01 00:00:00,1753-01-01 00:00:00,1900-01-01 00:00:00,"
                    + "0001-01-01 14:00:00 +14:00,00000000-0000-0000-0000-000000000000,a,x,ż,Łódź 東京,short,p,"
                    + "0x00,0x00,0x00",
            "255,32767,2147483647,9223372036854775807,true,9999999999999999999999999999.9999999999,999999.999,"
                    + "922337203685477.5807,214748.3647,1.7976931348623157E308,3.4028235E38,9999-12-31,"
                    + "23:59:59.9999999,23:59:59,9999-12-31 23:59:59.9999999,9999-12-31 23:59:59.999,"
                    + "9999-12-31 23:59:59.997,2079-06-06 23:59:00,9999-12-31 23:59:59.9999999 +14:00,"
                    + "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF,abcde,ASCII only,ÄÖÜßé,\"with, comma \"\"quoted\"\"\","
                    + BIG_TEXT + "," + BIG_ASCII + ",0xFFFFFFFF,0x00FF00FF00FF00FF00FF00FF00FF00FF,0x" + BIG_HEX,
            "7,-1,42,1234567890123,1,3.1415926535,-0.001,12.3456,-0.0001,0.1,0.1,2024-03-31,02:30:00.5,12:00:00,"
                    + "2024-03-31 02:30:00.1234567,2024-10-27 02:30:00.123,2024-03-31 02:30:00.003,"
                    + "2024-03-31 02:30:00,2024-03-31 02:30:00.5 -07:00,6F9619FF-8B86-D011-B42D-00C04FC964FF,ab,"
                    + "tab\tin,é,  padded  ,line\nbreak,semi;colon,0xCAFE,0xBEEF,0x01",
            ",,,,,,,,,,,,,,,,,,,,,,,,,,,,",
            // dates of the ten days the Julian-Gregorian switch skipped: exact in SQL Server, not in the driver
            "1,1,1,1,true,1,1,1,1,1,1,1582-10-10,01:00:00,01:00:00,1582-10-10 10:00:00,1582-10-14 23:59:59.999,,,"
                    + "1582-10-05 00:30:00 +01:00,,,,,,,,,,");

    private static byte[] countingBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static String csv(int firstId) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < ROWS.size(); i++) {
            String row = ROWS.get(i);
            csv.append(firstId + i)
                    .append(',')
                    .append(row.contains("line\nbreak") ? quoteBreak(row) : row)
                    .append('\n');
        }
        return csv.toString();
    }

    private static String quoteBreak(String row) {
        return row.replace("line\nbreak", "\"line\nbreak\"");
    }

    @Test
    void everyTypeLandsExactlyAsThePreparedStatementWriterWritesIt() {
        Sql.execute("DELETE FROM [dbo].[every_type]");
        double bulkCopiedBefore = Metrics.rowsCreated("test", "bulk-copy");
        double statementsBefore = Metrics.rowsCreated("test", "batch");
        Api.awaitEnd(Api.upload("every_type", csv(1), "{\"bulkUploadRecordSize\":4}"), Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(5));
        Api.awaitEnd(Api.BATCH_AUTH, Api.upload(Api.BATCH_AUTH, "every_type", csv(101), null), Duration.ofSeconds(60))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(5));

        List<Row> bulk = Sql.query("SELECT * FROM [dbo].[every_type] WHERE [id] < 100 ORDER BY [id]");
        List<Row> batch = Sql.query("SELECT * FROM [dbo].[every_type] WHERE [id] > 100 ORDER BY [id]");
        assertEquals(5, bulk.size());
        assertEquals(5, batch.size());
        for (int r = 0; r < 5; r++) {
            for (int c = 1; c < bulk.get(r).size(); c++) {
                assertEquals(
                        batch.get(r).getValue(c),
                        bulk.get(r).getValue(c),
                        "column " + bulk.get(r).getColumnName(c) + " of row " + (r + 1));
            }
        }
        Row min = bulk.get(0);
        Row max = bulk.get(1);
        Row dst = bulk.get(2);
        assertEquals("0001-01-01", String.valueOf(min.getValue("c_date")));
        assertEquals("0001-01-01T00:00", String.valueOf(min.getValue("c_datetime2")));
        assertEquals("0001-01-01T14:00+14:00", String.valueOf(min.getValue("c_datetimeoffset")));
        assertEquals("9999-12-31", String.valueOf(max.getValue("c_date")));
        assertEquals("23:59:59.999999900", String.valueOf(max.getValue("c_time")));
        assertEquals("9999-12-31T23:59:59.999999900", String.valueOf(max.getValue("c_datetime2")));
        assertEquals("9999-12-31T23:59:59.997", String.valueOf(max.getValue("c_datetime")));
        assertEquals("9999-12-31T23:59:59.999999900+14:00", String.valueOf(max.getValue("c_datetimeoffset")));
        assertEquals("2024-03-31T02:30:00.123456700", String.valueOf(dst.getValue("c_datetime2")));
        assertEquals("02:30:00.500", String.valueOf(dst.getValue("c_time")));
        assertEquals("2024-03-31T02:30:00.500-07:00", String.valueOf(dst.getValue("c_datetimeoffset")));
        assertEquals(
                0,
                new java.math.BigDecimal("9999999999999999999999999999.9999999999")
                        .compareTo(new java.math.BigDecimal(String.valueOf(max.getValue("c_decimal")))));
        assertEquals(BIG_TEXT, max.getString("c_nvarchar_max"));
        assertEquals(BIG_ASCII, max.getString("c_varchar_max"));
        assertEquals(
                BIG_HEX,
                HexFormat.of().formatHex(max.getBuffer("c_varbinary_max").getBytes()));
        assertEquals("Łódź 東京", min.getString("c_nvarchar"));
        assertEquals("a    ", min.getString("c_char"));
        assertEquals("line\nbreak", dst.getString("c_nvarchar_max"));
        assertEquals("  padded  ", dst.getString("c_nvarchar"));
        for (int c = 1; c < bulk.get(3).size(); c++) {
            assertNull(bulk.get(3).getValue(c), "column " + bulk.get(3).getColumnName(c) + " of the NULL row");
        }
        Row julian = bulk.get(4);
        assertEquals("1582-10-10", String.valueOf(julian.getValue("c_date")));
        assertEquals("1582-10-10T10:00", String.valueOf(julian.getValue("c_datetime2")));
        assertEquals("1582-10-05T00:30+01:00", String.valueOf(julian.getValue("c_datetimeoffset")));
        assertEquals(bulkCopiedBefore + 4, Metrics.rowsCreated("test", "bulk-copy"), "bulk copy wrote rows 1-4");
        assertEquals(statementsBefore + 1, Metrics.rowsCreated("test", "batch"), "statements wrote row 5");
    }

    @Test
    void badRowsFailAloneWithTheSameErrorsAsThePreparedStatementWriter() {
        StringBuilder csv = new StringBuilder("id,qty,code\n");
        // batches of 8: the server refuses 1-8 and 9-16; 17-24 holds only a row refused before the database (20, NULL
        // for NOT NULL), 25-28 no bad row
        for (int row = 1; row <= 28; row++) {
            String line = switch (row) {
                case 5 -> "2,1,dup-of-2"; // primary key of row 2
                case 9 -> "9,-1,neg"; // CHECK (qty >= 0)
                case 12 -> "12,1,code-3"; // UNIQUE code of row 3
                case 15 -> "15,lots,text"; // not an int: refused before the database
                case 20 -> "20,,none"; // NOT NULL
                default -> row + "," + row + ",code-" + row;
            };
            csv.append(line).append('\n');
        }
        List<List<Object>> outcomes = new ArrayList<>();
        double bulkCopiedBefore = Metrics.rowsCreated("test", "bulk-copy");
        for (String auth : List.of(Api.TEST_AUTH, Api.BATCH_AUTH)) {
            Sql.execute("DELETE FROM [dbo].[guarded_items]");
            String id = Api.upload(auth, "guarded_items", csv.toString(), "{\"bulkUploadRecordSize\":8}");
            Api.awaitEnd(auth, id, Duration.ofSeconds(60))
                    .then()
                    .body("status", equalTo("COMPLETE"))
                    .body("recordsSucceededCount", equalTo(23))
                    .body("recordsFailedCount", equalTo(5));
            Response errors = Api.as(auth).get(Api.BASE + "/bulk/" + id + "/errors");
            List<Map<String, Object>> items = errors.jsonPath().getList("$");
            String stored = Sql.query("SELECT [id], [qty], [code] FROM [dbo].[guarded_items] ORDER BY [id]").stream()
                    .map(r -> r.getInteger("id") + ":" + r.getInteger("qty") + ":" + r.getString("code"))
                    .collect(Collectors.joining(" "));
            outcomes.add(List.of(
                    items.stream()
                            .map(i -> i.get("row") + "/" + i.get("errorCode") + "/" + i.get("status"))
                            .toList(),
                    stored));
        }
        @SuppressWarnings("unchecked")
        List<String> bulkErrors = (List<String>) outcomes.get(0).get(0);
        assertEquals(
                List.of(5, 9, 12, 15, 20),
                bulkErrors.stream().map(e -> Integer.parseInt(e.split("/")[0])).toList());
        assertTrue(bulkErrors.get(0).startsWith("5/2627/"), bulkErrors.get(0));
        assertTrue(
                bulkErrors.get(1).startsWith("9/547/") && bulkErrors.get(1).contains("CK_guarded_items_qty"),
                bulkErrors.get(1));
        assertTrue(
                bulkErrors.get(2).startsWith("12/2627/") && bulkErrors.get(2).contains("UQ_guarded_items_code"),
                bulkErrors.get(2));
        assertEquals(outcomes.get(1), outcomes.get(0), "bulk copy fails the same rows, the same way, as statements");
        assertEquals(
                bulkCopiedBefore + 7 + 4,
                Metrics.rowsCreated("test", "bulk-copy"),
                "batches the server accepts are bulk-copied; a refused batch is decided row by row with statements");
    }

    @Test
    void columnsInAnotherOrderWithDefaultsIdentityAndComputedColumns() {
        String csv = "price,note,qty,name\n2.50,,4,apple\n1.25,ripe,2,pear\n";
        List<String> landed = new ArrayList<>();
        double bulkCopiedBefore = Metrics.rowsCreated("test", "bulk-copy");
        for (String auth : List.of(Api.TEST_AUTH, Api.BATCH_AUTH)) {
            Sql.execute("DELETE FROM [dbo].[shaped_items]");
            Api.awaitEnd(auth, Api.upload(auth, "shaped_items", csv, null), Duration.ofSeconds(60))
                    .then()
                    .body("status", equalTo("COMPLETE"))
                    .body("recordsSucceededCount", equalTo(2));
            List<Row> rows = Sql.query("SELECT * FROM [dbo].[shaped_items] ORDER BY [seq]");
            assertEquals(2, rows.size());
            assertNotNull(rows.get(0).getInteger("seq"));
            assertTrue(rows.get(1).getInteger("seq") > rows.get(0).getInteger("seq"), "identity generated in order");
            landed.add(rows.stream()
                    .map(r -> r.getString("name") + "|" + r.getInteger("qty") + "|" + r.getValue("price") + "|"
                            + r.getValue("total") + "|" + r.getString("status") + "|" + r.getString("note"))
                    .collect(Collectors.joining(" ")));
        }
        assertEquals("apple|4|2.50|10.00|new|null pear|2|1.25|2.50|new|ripe", landed.get(0));
        assertEquals(landed.get(1), landed.get(0));
        assertEquals(bulkCopiedBefore + 2, Metrics.rowsCreated("test", "bulk-copy"), "instance test bulk-copied");
    }

    @Test
    void writeModesDecideWhichCreatesBulkCopy() {
        String strict = "Element strict-element-token, User strict-user-secret";
        Sql.execute("DELETE FROM [dbo].[xml_notes]");
        Api.as(strict)
                .multiPart("file", "x.csv", "id,doc\n1,<a/>\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/xml_notes")
                .then()
                .statusCode(400)
                .body("message", containsString("bulk copy, which cannot carry column 'doc' of type xml"));
        double strictBefore = Metrics.rowsCreated("strict", "bulk-copy");
        Api.awaitEnd(strict, Api.upload(strict, "xml_notes", "id\n1\n", null), Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(1));
        assertEquals(strictBefore + 1, Metrics.rowsCreated("strict", "bulk-copy"), "strict bulk-copied the id alone");

        double statementsBefore = Metrics.rowsCreated("test", "batch");
        Api.awaitEnd(Api.upload("xml_notes", "id,doc\n2,<a>b</a>\n", null), Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(1));
        assertEquals(
                statementsBefore + 1,
                Metrics.rowsCreated("test", "batch"),
                "auto wrote the xml column with statements");
        assertEquals(2, Sql.count("[dbo].[xml_notes]"));
    }
}
