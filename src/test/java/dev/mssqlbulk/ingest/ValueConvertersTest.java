package dev.mssqlbulk.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueConvertersTest {

    private static final Map<String, Class<?>> JAVA_TYPES = Map.ofEntries(
            Map.entry("tinyint", Short.class),
            Map.entry("smallint", Short.class),
            Map.entry("int", Integer.class),
            Map.entry("bigint", Long.class),
            Map.entry("bit", Boolean.class),
            Map.entry("decimal", BigDecimal.class),
            Map.entry("numeric", BigDecimal.class),
            Map.entry("money", BigDecimal.class),
            Map.entry("smallmoney", BigDecimal.class),
            Map.entry("float", Double.class),
            Map.entry("real", Float.class),
            Map.entry("date", LocalDate.class),
            Map.entry("time", LocalTime.class),
            Map.entry("datetime2", LocalDateTime.class),
            Map.entry("datetime", LocalDateTime.class),
            Map.entry("smalldatetime", LocalDateTime.class),
            Map.entry("datetimeoffset", OffsetDateTime.class),
            Map.entry("uniqueidentifier", UUID.class),
            Map.entry("nvarchar", String.class),
            Map.entry("varchar", String.class),
            Map.entry("nchar", String.class),
            Map.entry("char", String.class),
            Map.entry("text", String.class),
            Map.entry("xml", String.class),
            Map.entry("geography", String.class),
            Map.entry("hierarchyid", String.class),
            Map.entry("sql_variant", String.class));

    private static Object convert(String type, String raw) throws ValueRejected {
        return ValueConverters.forColumn(TestColumns.nullable("c", type)).convert(raw);
    }

    private static String rejection(String type, String raw) {
        return assertThrows(ValueRejected.class, () -> convert(type, raw)).getMessage();
    }

    @ParameterizedTest(name = "an empty field is NULL for {0}")
    @ValueSource(
            strings = {
                "tinyint",
                "int",
                "bit",
                "decimal(6,2)",
                "money",
                "float",
                "real",
                "date",
                "time(3)",
                "datetime2(7)",
                "datetime",
                "smalldatetime",
                "datetimeoffset(7)",
                "uniqueidentifier",
                "nvarchar(10)",
                "varchar(max)",
                "text",
                "varbinary(8)",
                "xml",
                "geography"
            })
    void anEmptyFieldIsNullForEveryType(String type) throws ValueRejected {
        assertNull(convert(type, ""));
    }

    @ParameterizedTest(name = "{0} accepts ''{1}'' as {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "tinyint          | 0                      | 0",
                "tinyint          | 255                    | 255",
                "smallint         | -32768                 | -32768",
                "smallint         | 32767                  | 32767",
                "int              | ' +42 '                | 42",
                "int              | -2147483648            | -2147483648",
                "int              | 007                    | 7",
                "bigint           | 9223372036854775807    | 9223372036854775807",
                "bigint           | -9223372036854775808   | -9223372036854775808",
                "bit              | 1                      | true",
                "bit              | 0                      | false",
                "bit              | TRUE                   | true",
                "bit              | ' False '              | false",
                "decimal(6,2)     | 1234.5                 | 1234.50",
                "decimal(6,2)     | -9999.99               | -9999.99",
                "decimal(6,2)     | .5                     | 0.50",
                "decimal(6,2)     | +3.                    | 3.00",
                "decimal(6,2)     | 1.005                  | 1.01",
                "decimal(6,2)     | -1.005                 | -1.01",
                "decimal(6,2)     | 1.004                  | 1.00",
                "numeric(5,0)     | 99999                  | 99999",
                "decimal(3,3)     | 0.999                  | 0.999",
                "money            | 922337203685477.5807   | 922337203685477.5807",
                "money            | 1.23456                | 1.2346",
                "smallmoney       | -214748.3648           | -214748.3648",
                "float            | -1.5e-3                | -0.0015",
                "float            | 1.7976931348623157E308 | 1.7976931348623157E308",
                "float            | 42                     | 42.0",
                "real             | 3.25                   | 3.25",
                "real             | 1E-3                   | 0.001",
                "date             | 2024-01-31             | 2024-01-31",
                "date             | 0001-01-01             | 0001-01-01",
                "date             | 9999-12-31             | 9999-12-31",
                "time(7)          | 10:15                  | 10:15",
                "time(7)          | 10:15:30.1234567       | 10:15:30.123456700",
                "time(3)          | 10:15:30.1234567       | 10:15:30.123",
                "time(0)          | 10:15:30.5             | 10:15:31",
                "time(2)          | 23:59:59.994           | 23:59:59.990",
                "datetime2(7)     | 2024-01-31T10:15:30    | 2024-01-31T10:15:30",
                "datetime2(7)     | 2024-01-31 10:15:30.1234567 | 2024-01-31T10:15:30.123456700",
                "datetime2(7)     | 2024-01-31             | 2024-01-31T00:00",
                "datetime2(0)     | 2024-12-31 23:59:59.5  | 2025-01-01T00:00",
                "datetime2(3)     | 0001-01-01 00:00:00.0004 | 0001-01-01T00:00",
                "datetime         | 2024-01-31 10:15:30.001 | 2024-01-31T10:15:30",
                "datetime         | 2024-01-31 10:15:30.002 | 2024-01-31T10:15:30.003",
                "datetime         | 2024-01-31 10:15:30.005 | 2024-01-31T10:15:30.007",
                "datetime         | 2024-01-31 10:15:30.994 | 2024-01-31T10:15:30.993",
                "datetime         | 2024-01-31 10:15:30.995 | 2024-01-31T10:15:30.997",
                "datetime         | 2024-01-31 23:59:59.999 | 2024-02-01T00:00",
                "datetime         | 1753-01-01             | 1753-01-01T00:00",
                "smalldatetime    | 2024-01-31 10:15:29.998 | 2024-01-31T10:15",
                "smalldatetime    | 2024-01-31 10:15:29.999 | 2024-01-31T10:16",
                "smalldatetime    | 2079-06-06 23:59       | 2079-06-06T23:59",
                "datetimeoffset(7) | 2024-01-31T10:15:30+02:00 | 2024-01-31T10:15:30+02:00",
                "datetimeoffset(7) | 2024-01-31T10:15:30Z  | 2024-01-31T10:15:30Z",
                "datetimeoffset(7) | 2024-01-31 10:15:30.1234567 -05:30 | 2024-01-31T10:15:30.123456700-05:30",
                "datetimeoffset(7) | 2024-01-31 10:15:30   | 2024-01-31T10:15:30Z",
                "datetimeoffset(0) | 2024-01-31T10:15:30.6+14:00 | 2024-01-31T10:15:31+14:00",
                "datetimeoffset(7) | 2024-01-31            | 2024-01-31T00:00Z",
                "uniqueidentifier | 6F9619FF-8B86-D011-B42D-00C04FC964FF   | 6f9619ff-8b86-d011-b42d-00c04fc964ff",
                "uniqueidentifier | {6f9619ff-8b86-d011-b42d-00c04fc964ff} | 6f9619ff-8b86-d011-b42d-00c04fc964ff",
                "nvarchar(5)      | ' ab '                 | ' ab '",
                "nvarchar(5)      | héllo                  | héllo",
                "varchar(max)     | anything at all        | anything at all",
                "char(3)          | abc                    | abc",
                "text             | long text              | long text",
                "xml              | <a>1</a>               | <a>1</a>",
                "geography        | POINT(1 2)             | POINT(1 2)",
                "hierarchyid      | /1/2/                  | /1/2/",
                "sql_variant      | 42                     | 42",
            })
    void convertsValidTextToTheColumnsJavaType(String type, String raw, String expected) throws ValueRejected {
        Object value = convert(type, raw);
        assertEquals(expected, String.valueOf(value));
        assertEquals(JAVA_TYPES.get(type.replaceAll("\\(.*", "")), value.getClass());
    }

    @ParameterizedTest(name = "{0} rejects ''{1}'': {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "tinyint          | 256          | value '256' is out of range for tinyint (0 to 255)",
                "tinyint          | -1           | value '-1' is out of range for tinyint (0 to 255)",
                "tinyint          | 300          | value '300' is out of range for tinyint (0 to 255)",
                "smallint         | 32768        | value '32768' is out of range for smallint (-32768 to 32767)",
                "int              | 2147483648   | value '2147483648' is out of range for int (-2147483648 to 2147483647)",
                "bigint           | 9223372036854775808 | value '9223372036854775808' is out of range for bigint (-9223372036854775808 to 9223372036854775807)",
                "int              | abc          | value 'abc' is not a valid int",
                "int              | 1.5          | value '1.5' is not a valid int",
                "int              | 1e3          | value '1e3' is not a valid int",
                "int              | 1 000        | value '1 000' is not a valid int",
                "int              | ١٢           | value '١٢' is not a valid int",
                "int              | ' '          | value ' ' is not a valid int",
                "bit              | yes          | value 'yes' is not a valid bit (use 1, 0, true or false)",
                "bit              | 2            | value '2' is not a valid bit (use 1, 0, true or false)",
                "decimal(6,2)     | 12345.678    | value '12345.678' does not fit decimal(6,2)",
                "decimal(6,2)     | 9999.995     | value '9999.995' does not fit decimal(6,2)",
                "decimal(6,2)     | 1e3          | value '1e3' is not a valid decimal(6,2)",
                "decimal(6,2)     | 1,5          | value '1,5' is not a valid decimal(6,2)",
                "numeric(3,3)     | 1            | value '1' does not fit numeric(3,3)",
                "money            | 922337203685477.5808 | value '922337203685477.5808' does not fit money",
                "money            | $5           | value '$5' is not a valid money",
                "smallmoney       | 214748.36475 | value '214748.36475' does not fit smallmoney",
                "float            | NaN          | value 'NaN' is not a valid float",
                "float            | Infinity     | value 'Infinity' is not a valid float",
                "float            | 1e309        | value '1e309' is out of range for float",
                "float            | 0x1p3        | value '0x1p3' is not a valid float",
                "float            | 1.5d         | value '1.5d' is not a valid float",
                "real             | 3.5e38       | value '3.5e38' is out of range for real",
                "real             | -Infinity    | value '-Infinity' is not a valid real",
                "date             | 2024-02-30   | value '2024-02-30' is not a valid date (expected yyyy-mm-dd)",
                "date             | 31/01/2024   | value '31/01/2024' is not a valid date (expected yyyy-mm-dd)",
                "date             | 2024-01-31T10:00 | value '2024-01-31T10:00' is not a valid date (expected yyyy-mm-dd)",
                "date             | 0000-12-31   | value '0000-12-31' is out of range for date (0001-01-01 to 9999-12-31)",
                "time(7)          | 24:00:00     | value '24:00:00' is not a valid time (expected hh:mm[:ss[.fffffff]])",
                "time(7)          | 10:15:30.12345678 | value '10:15:30.12345678' is not a valid time (expected hh:mm[:ss[.fffffff]])",
                "time(0)          | 23:59:59.5   | value '23:59:59.5' rounds past midnight in time(0)",
                "datetime2(7)     | 2024-01-31T10:15:30+02:00 | value '2024-01-31T10:15:30+02:00' is not a valid datetime2 (expected yyyy-mm-dd[ hh:mm[:ss[.fffffff]]])",
                "datetime2(7)     | 2024-01-31 25:00 | value '2024-01-31 25:00' is not a valid datetime2 (expected yyyy-mm-dd[ hh:mm[:ss[.fffffff]]])",
                "datetime2(0)     | 9999-12-31 23:59:59.5 | value '9999-12-31 23:59:59.5' is out of range for datetime2 (0001-01-01 to 9999-12-31)",
                "datetime         | 1752-12-31 23:59:59 | value '1752-12-31 23:59:59' is out of range for datetime (1753-01-01 to 9999-12-31)",
                "datetime         | 9999-12-31 23:59:59.999 | value '9999-12-31 23:59:59.999' is out of range for datetime (1753-01-01 to 9999-12-31)",
                "smalldatetime    | 1899-12-31   | value '1899-12-31' is out of range for smalldatetime (1900-01-01 to 2079-06-06)",
                "smalldatetime    | 2079-06-06 23:59:30 | value '2079-06-06 23:59:30' is out of range for smalldatetime (1900-01-01 to 2079-06-06)",
                "datetimeoffset(7) | 2024-01-31T10:15:30+15:00 | value '2024-01-31T10:15:30+15:00' has an offset beyond SQL Server's -14:00 to +14:00",
                "datetimeoffset(7) | 0001-01-01T00:30+01:00 | value '0001-01-01T00:30+01:00' is out of range for datetimeoffset (0001-01-01 to 9999-12-31)",
                "datetimeoffset(7) | 2024-01-31T10:15:30 CET | value '2024-01-31T10:15:30 CET' is not a valid datetimeoffset (expected yyyy-mm-dd[ hh:mm[:ss[.fffffff]][+hh:mm or Z]])",
                "uniqueidentifier | 6f9619ff-8b86-d011-b42d   | value '6f9619ff-8b86-d011-b42d' is not a valid uniqueidentifier",
                "uniqueidentifier | 6f9619ff8b86d011b42d00c04fc964ff | value '6f9619ff8b86d011b42d00c04fc964ff' is not a valid uniqueidentifier",
                "uniqueidentifier | {6f9619ff-8b86-d011-b42d-00c04fc964ff | value '{6f9619ff-8b86-d011-b42d-00c04fc964ff' is not a valid uniqueidentifier",
                "nvarchar(5)      | abcdef       | value has 6 characters; column allows 5",
                "nchar(2)         | a😀           | value has 3 characters; column allows 2",
                "varchar(3)       | ' ab '       | value has 4 characters; column allows 3",
            })
    void rejectsTextThatDoesNotFitTheType(String type, String raw, String message) {
        assertEquals(message, rejection(type, raw));
    }

    @Test
    void rejectsAStringOfFiftyOneCharactersForNvarcharFifty() {
        assertEquals("value has 51 characters; column allows 50", rejection("nvarchar(50)", "x".repeat(51)));
    }

    @Test
    void shortensLongValuesInMessages() {
        String message = rejection("int", "9".repeat(100));
        assertEquals("value '" + "9".repeat(40) + "...' is out of range for int (-2147483648 to 2147483647)", message);
    }

    @ParameterizedTest(name = "{0} reads ''{1}'' as bytes {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "varbinary(8)   | 0x1F8B     | 1f8b",
                "varbinary(8)   | 0XABcd     | abcd",
                "varbinary(8)   | 0x         | ''",
                "varbinary(8)   | H4s=       | 1f8b",
                "varbinary(8)   | ' AQID '   | 010203",
                "binary(3)      | 0x010203   | 010203",
                "varbinary(max) | AAAAAAAAAAAAAAAAAAAAAAAA | 000000000000000000000000000000000000",
            })
    void readsBinaryAsHexWith0xPrefixOrElseBase64(String type, String raw, String hex) throws ValueRejected {
        Buffer value = (Buffer) convert(type, raw);
        assertEquals(hex, HexFormat.of().formatHex(value.getBytes()));
    }

    @ParameterizedTest(name = "{0} rejects ''{1}'': {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "varbinary(2) | 0x010203   | value has 3 bytes; column allows 2",
                "binary(2)    | AQID       | value has 3 bytes; column allows 2",
                "varbinary(8) | 0x123      | value '0x123' has an odd number of hex digits",
                "varbinary(8) | 0xZZ       | value '0xZZ' is not valid hex after 0x",
                "varbinary(8) | not base64! | value 'not base64!' is neither 0x-prefixed hex nor base64",
            })
    void rejectsBinaryThatIsMalformedOrTooLong(String type, String raw, String message) {
        assertEquals(message, rejection(type, raw));
    }

    @Test
    void passesUnknownTypesThroughAsText() throws ValueRejected {
        assertEquals("whatever", convert("some_future_type", "whatever"));
    }
}
