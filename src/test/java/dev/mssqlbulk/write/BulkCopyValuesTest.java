package dev.mssqlbulk.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.ingest.TestColumns;
import dev.mssqlbulk.ingest.ValueConverters;
import java.sql.Timestamp;
import java.sql.Types;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BulkCopyValuesTest {

    /** What the upload core converts a field to, adapted to the Java type SQLServerBulkCopy's encoder casts to. */
    @ParameterizedTest(name = "{0} ''{1}'' is handed over as {3} {4}")
    @CsvSource(delimiter = '|', textBlock = """
            tinyint          | 255                              | -6   | Short         | 255
            smallint         | -32768                           | 5    | Short         | -32768
            int              | 2147483647                       | 4    | Integer       | 2147483647
            bigint           | -9223372036854775808             | -5   | Long          | -9223372036854775808
            bit              | true                             | -7   | Boolean       | true
            decimal(38,4)    | -1234567890123456789012345678.1234 | 3  | BigDecimal    | -1234567890123456789012345678.1234
            numeric(5,2)     | 1.5                              | 2    | BigDecimal    | 1.50
            money            | 922337203685477.5807             | -148 | BigDecimal    | 922337203685477.5807
            smallmoney       | -214748.3648                     | -146 | BigDecimal    | -214748.3648
            float            | 1.7976931348623157E308           | 8    | Double        | 1.7976931348623157E308
            real             | 3.4E38                           | 7    | Float         | 3.4E38
            date             | 0001-01-01                       | 91   | String        | 0001-01-01
            time(7)          | 23:59:59.9999999                 | 92   | Timestamp     | 1900-01-01 23:59:59.9999999
            datetime2(7)     | 9999-12-31 23:59:59.9999999      | 93   | Timestamp     | 9999-12-31 23:59:59.9999999
            datetime2(0)     | 2024-02-29 12:00:00              | 93   | Timestamp     | 2024-02-29 12:00:00.0
            datetime         | 1753-01-01 00:00:00              | -151 | Timestamp     | 1753-01-01 00:00:00.0
            smalldatetime    | 2079-06-06 23:59:00              | -150 | Timestamp     | 2079-06-06 23:59:00.0
            datetimeoffset(7)| 2024-01-01 10:00:00.1234567 +05:30 | -155 | String      | 2024-01-01 10:00:00.123456700 +05:30
            uniqueidentifier | {6F9619FF-8B86-D011-B42D-00C04FC964FF} | -145 | String    | 6f9619ff-8b86-d011-b42d-00c04fc964ff
            nvarchar(10)     | żółw                             | -9   | String        | żółw
            varchar(max)     | plain                            | -9   | String        | plain
            char(3)          | abc                              | -15  | String        | abc
            """)
    void handsEachTypeOverAsTheDriverExpects(String type, String field, int jdbcType, String javaType, String shown)
            throws Exception {
        Column column = TestColumns.nullable("c", type);
        BulkCopyValues values = BulkCopyValues.forColumn(column);
        Object adapted = values.adapt(ValueConverters.forColumn(column).convert(field));
        assertEquals(jdbcType, values.jdbcType());
        assertEquals(javaType, adapted.getClass().getSimpleName());
        assertEquals(
                shown,
                adapted instanceof Timestamp t
                        ? t.toString().replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", ".0")
                        : adapted.toString());
    }

    @ParameterizedTest(name = "{0} keeps its fractional digits as its scale")
    @CsvSource(
            delimiter = '|',
            value = {"time(3)|3", "datetime2(0)|0", "datetimeoffset(5)|5", "decimal(9,3)|3"})
    void announcesTheColumnScale(String type, int scale) {
        assertEquals(
                scale, BulkCopyValues.forColumn(TestColumns.nullable("c", type)).scale());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nvarchar(max)", "varbinary(max)", "varchar(max)"})
    void maxTypesAreAnnouncedAsStreams(String type) {
        assertEquals(
                Integer.MAX_VALUE,
                BulkCopyValues.forColumn(TestColumns.nullable("c", type)).precision());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "sql_variant", "geography", "geometry", "hierarchyid", "text", "ntext", "image"})
    void typesTheUploadCorePassesAsTextAreNotCarried(String type) {
        assertFalse(BulkCopyValues.carries(TestColumns.nullable("c", type)));
    }

    @org.junit.jupiter.api.Test
    void binaryIsHandedOverAsBytesAndNullStaysNull() throws Exception {
        Column column = TestColumns.nullable("c", "varbinary(4)");
        BulkCopyValues values = BulkCopyValues.forColumn(column);
        assertTrue(values.jdbcType() == Types.VARBINARY);
        assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE}, (byte[])
                values.adapt(ValueConverters.forColumn(column).convert("0xCAFE")));
        assertNull(values.adapt(null));
        assertEquals(
                "0001-01-01 14:00:00.000000000 +14:00",
                BulkCopyValues.forColumn(TestColumns.nullable("d", "datetimeoffset"))
                        .adapt(java.time.OffsetDateTime.parse("0001-01-01T14:00+14:00")));
    }

    @ParameterizedTest(name = "in zone {0}, {1} is carried: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            UTC           | datetime2(7)      | true
            UTC           | time(7)           | true
            +05:30        | datetime          | true
            Europe/Berlin | datetime2(7)      | false
            Europe/Berlin | smalldatetime     | false
            Europe/Berlin | time(3)           | false
            Europe/Berlin | date              | true
            Europe/Berlin | datetimeoffset(7) | true
            """)
    void localTimestampsAreCarriedOnlyWhereNoDaylightSavingGapCanMoveThem(String zone, String type, boolean carried) {
        java.util.TimeZone before = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(java.time.ZoneId.of(zone)));
            assertEquals(carried, BulkCopyValues.carries(TestColumns.nullable("c", type)));
        } finally {
            java.util.TimeZone.setDefault(before);
        }
    }

    @ParameterizedTest(name = "{0} is encoded exactly by the driver: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2024-03-31                  | true
            1582-10-04                  | false
            1582-10-10                  | false
            1582-11-01                  | true
            0001-01-01                  | true
            1582-10-10T12:00            | false
            1582-11-01T00:30+01:00      | false
            1582-11-01T01:30+01:00      | true
            hello                       | true
            """)
    void valuesDatedInTheMonthTheCalendarSkippedAreNotExact(String value, boolean exact) {
        Object parsed = value.contains("+")
                ? java.time.OffsetDateTime.parse(value)
                : value.contains("T")
                        ? java.time.LocalDateTime.parse(value)
                        : value.matches("\\d{4}-.*") ? java.time.LocalDate.parse(value) : value;
        assertEquals(exact, BulkCopyValues.exact(parsed));
    }

    /**
     * The calendar-free Timestamp the adapter builds where the zone has a fixed offset must be the very instant the
     * JDK's Timestamp.valueOf builds (the one the driver reads back with its calendar), for any date and time: on
     * both sides of the 1582 changeover, before and after 1970, with every fraction. In a zone with daylight saving
     * the JDK's conversion is used as it is.
     */
    @ParameterizedTest(name = "in zone {0} the adapter''s Timestamp is Timestamp.valueOf''s")
    @ValueSource(strings = {"UTC", "+05:30", "-09:45", "+14:00", "Europe/Berlin"})
    void theCalendarFreeTimestampIsTheJdksInstant(String zone) {
        java.util.TimeZone before = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(java.time.ZoneId.of(zone)));
            BulkCopyValues datetime2 = BulkCopyValues.forColumn(TestColumns.nullable("c", "datetime2(7)"));
            java.util.Random random = new java.util.Random(zone.hashCode());
            java.util.List<java.time.LocalDateTime> samples = new java.util.ArrayList<>(java.util.List.of(
                    java.time.LocalDateTime.of(1582, 10, 15, 0, 0),
                    java.time.LocalDateTime.of(1583, 1, 1, 0, 0),
                    java.time.LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_900),
                    java.time.LocalDateTime.of(1970, 1, 1, 0, 0),
                    java.time.LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_900),
                    java.time.LocalDateTime.of(1, 1, 1, 0, 0)));
            for (int i = 0; i < 20_000; i++) {
                samples.add(java.time.LocalDateTime.of(
                        1 + random.nextInt(9999),
                        1 + random.nextInt(12),
                        1 + random.nextInt(28),
                        random.nextInt(24),
                        random.nextInt(60),
                        random.nextInt(60),
                        random.nextInt(10_000_000) * 100));
            }
            for (java.time.LocalDateTime dateTime : samples) {
                Timestamp expected = Timestamp.valueOf(dateTime);
                Timestamp adapted = (Timestamp) datetime2.adapt(dateTime);
                assertEquals(expected, adapted, dateTime::toString);
                assertEquals(expected.toString(), adapted.toString(), dateTime::toString);
            }
        } finally {
            java.util.TimeZone.setDefault(before);
        }
    }
}
