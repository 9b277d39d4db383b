package dev.mssqlbulk.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The digit-by-digit reading gives exactly the formatter's value, and leaves everything else to the formatter. */
class IsoDateTimesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-01-31",
                "0001-01-01",
                "9999-12-31",
                "2024-02-29",
                "2024-01-31T10:15",
                "2024-01-31T10:15:30",
                "2024-01-31T23:59:59.9999999",
                "2024-01-31T00:00:00.1",
                "1582-10-10T12:00:00.25"
            })
    void readsTheCommonFormsAsTheFormatterDoes(String text) {
        assertEquals(formatter(text), IsoDateTimes.dateTime(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-02-30",
                "2023-02-29",
                "2024-13-01",
                "2024-00-10",
                "2024-01-32",
                "2024-1-31",
                "24-01-31",
                "+2024-01-31",
                "12024-01-31",
                "2024/01/31",
                "2024-01-31T24:00",
                "2024-01-31T10:60",
                "2024-01-31T10:15:60",
                "2024-01-31T10:15:30.",
                "2024-01-31T10:15:30.12345678",
                "2024-01-31T10",
                "2024-01-31T10:15:3",
                "2024-01-31T10:15Z",
                "2024-01-31x10:15",
                "2024-01-31T1a:15",
                "2024-01-31T10:15:30,5",
                "２０２４-01-31",
                ""
            })
    void leavesEverythingElseToTheFormatter(String text) {
        assertNull(IsoDateTimes.dateTime(text), text);
        if (text.length() == 10) {
            assertNull(IsoDateTimes.date(text), text);
        }
    }

    @Test
    void agreesWithTheFormatterOnRandomDateTimes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            LocalDate date = LocalDate.ofEpochDay(random.nextInt(3_000_000) - 719_000);
            if (date.getYear() < 0 || date.getYear() > 9999) {
                continue;
            }
            LocalTime time = LocalTime.ofNanoOfDay((random.nextLong() & Long.MAX_VALUE) % 86_400_000_000_000L);
            int digits = random.nextInt(8);
            String fraction = digits == 0
                    ? ""
                    : "." + String.format("%09d", time.getNano()).substring(0, digits);
            String text = date + "T"
                    + String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond()) + fraction;
            assertEquals(formatter(text), IsoDateTimes.dateTime(text), text);
            assertEquals(date, IsoDateTimes.date(date.toString()));
        }
    }

    private static LocalDateTime formatter(String text) {
        try {
            TemporalAccessor parsed = DateTimeConverters.DATE_TIME.parse(text);
            LocalTime time = parsed.query(TemporalQueries.localTime());
            return parsed.query(LocalDate::from).atTime(time == null ? LocalTime.MIDNIGHT : time);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
