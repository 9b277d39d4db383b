package dev.mssqlbulk.ingest;

import static dev.mssqlbulk.ingest.TestColumns.notNull;
import static dev.mssqlbulk.ingest.TestColumns.nullable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.catalog.Table;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowConverterTest {

    private static final Table CONTACT = new Table(
            "dbo",
            "contact",
            false,
            List.of(notNull("email", "nvarchar(50)"), nullable("age", "int"), nullable("balance", "decimal(6,2)")));
    private static final RowConverter CONVERTER =
            new RowConverter(ColumnMapping.of(CONTACT, List.of("age", "email", "balance"), true));

    private static RowError rejection(String... values) {
        ConvertedRow row = CONVERTER.convert(new SourceRow(7, values));
        return assertInstanceOf(ConvertedRow.Rejected.class, row).error();
    }

    @Test
    void convertsEachValueInHeaderOrder() {
        SourceRow source = new SourceRow(7, new String[] {"42", "a@b.c", "12.5"});
        ConvertedRow.Accepted row = assertInstanceOf(ConvertedRow.Accepted.class, CONVERTER.convert(source));
        assertArrayEquals(new Object[] {42, "a@b.c", new BigDecimal("12.50")}, row.values());
        assertEquals(source, row.source());
        assertEquals(7, row.rowNumber());
    }

    @Test
    void bindingKeepsAnAcceptedRowsValuesAndLetsItsTextGo() {
        ConvertedRow row = CONVERTER.bind(new SourceRow(7, new String[] {"42", "a@b.c", "12.5"}));
        ConvertedRow.Bound bound = assertInstanceOf(ConvertedRow.Bound.class, row);
        assertArrayEquals(new Object[] {42, "a@b.c", new BigDecimal("12.50")}, bound.values());
        assertEquals(7, bound.rowNumber());
        IllegalStateException noText = assertThrows(IllegalStateException.class, bound::source);
        assertTrue(noText.getMessage().contains("row 7"), noText.getMessage());
    }

    @Test
    void bindingKeepsARejectedRowsTextForItsError() {
        SourceRow source = new SourceRow(7, new String[] {"abc", "a@b.c", "1"});
        ConvertedRow.Rejected row = assertInstanceOf(ConvertedRow.Rejected.class, CONVERTER.bind(source));
        assertEquals(source, row.source());
        assertEquals(RowError.validation(7, "column 'age' (int): value 'abc' is not a valid int"), row.error());
    }

    @Test
    void turnsEmptyFieldsOfNullableColumnsIntoNulls() {
        ConvertedRow row = CONVERTER.convert(new SourceRow(1, new String[] {"", "a@b.c", ""}));
        assertArrayEquals(
                new Object[] {null, "a@b.c", null},
                assertInstanceOf(ConvertedRow.Accepted.class, row).values());
    }

    @Test
    void rejectsARowWithFewerValuesThanTheHeader() {
        assertEquals(RowError.validation(7, "row has 2 values; the header has 3"), rejection("1", "a@b.c"));
    }

    @Test
    void rejectsARowWithMoreValuesThanTheHeader() {
        assertEquals(RowError.validation(7, "row has 4 values; the header has 3"), rejection("1", "a@b.c", "1", "x"));
    }

    @Test
    void rejectsAnEmptyValueInANotNullColumn() {
        assertEquals(RowError.validation(7, "column 'email' does not allow nulls"), rejection("1", "", "1"));
    }

    @Test
    void rejectsAValueOfTheWrongTypeNamingColumnAndType() {
        assertEquals(
                RowError.validation(7, "column 'age' (int): value 'abc' is not a valid int"),
                rejection("abc", "a@b.c", "1"));
    }

    @Test
    void reportsTheFirstFailingColumnInHeaderOrder() {
        assertEquals(
                "column 'age' (int): value 'x' is not a valid int",
                rejection("x", "", "99999").message());
        assertEquals(
                "column 'email' does not allow nulls",
                rejection("1", "", "99999").message());
    }

    @Test
    void rejectsARowTheReaderAlreadyRejectedWithTheReadersReason() {
        SourceRow source = new SourceRow(
                7, new String[] {"42", "a@b.c", "12.5"}, "column 'address': nested objects are not supported");
        ConvertedRow.Rejected row = assertInstanceOf(ConvertedRow.Rejected.class, CONVERTER.convert(source));
        assertEquals(RowError.validation(7, "column 'address': nested objects are not supported"), row.error());
        assertEquals(source, row.source());
    }

    @Test
    void reportsTheReadersRejectionBeforeTheFieldCount() {
        SourceRow source = new SourceRow(3, new String[0], "row is not a JSON object");
        assertEquals(
                RowError.validation(3, "row is not a JSON object"),
                assertInstanceOf(ConvertedRow.Rejected.class, CONVERTER.convert(source))
                        .error());
    }

    @Test
    void marksValidationErrorsWithErrorCodeZero() {
        assertEquals(0, rejection("x", "a", "1").errorCode());
    }
}
