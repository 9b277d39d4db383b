package dev.mssqlbulk.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.SourceRow;
import dev.mssqlbulk.ingest.UploadFormat;
import dev.mssqlbulk.ingest.UploadRejected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping layer on its own: a file in a resource's fields read as rows in the table's columns. */
class TransformingReaderTest {

    @TempDir
    Path dir;

    private static Transformation.Field field(String path, String column, String type, String pattern) {
        return new Transformation.Field(
                path,
                column,
                type,
                pattern == null ? null : List.of(new Transformation.Configuration(null, Map.of("pattern", pattern))));
    }

    private static final ResourceMapping CRM = ResourceMapping.compile(new Transformation(
            "crm",
            "people",
            List.of(
                    field("Contact ID", "id", "number", null),
                    field("DOB", "born", "date", "dd/MM/yyyy"),
                    field("VIP", "vip", "boolean", null),
                    field("Seen", "seen_at", "date", "yyyy-MM-dd'T'HH:mmXXX"),
                    field("address.city", "city", "string", null),
                    field("items[1].id", "second_item", "string", null))));

    private RecordReader read(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        UploadFormat format = name.endsWith(".csv") ? UploadFormat.CSV : UploadFormat.JSON_LINES;
        return CRM.reading(format.open(file, ',', true), false);
    }

    @Test
    void theHeaderIsTheMappedColumnsInFileOrderAndValuesAreConvertedByTypeAndPattern() throws IOException {
        try (RecordReader reader =
                read("a.csv", "VIP,DOB,Contact ID,Seen\nTRUE,31/01/1990,1e3,2024-05-01T10:15+02:00\n")) {
            assertEquals(List.of("vip", "born", "id", "seen_at"), reader.header());
            SourceRow row = reader.next();
            assertNull(row.rejection());
            assertArrayEquals(new String[] {"true", "1990-01-31", "1000", "2024-05-01T10:15:00+02:00"}, row.values());
            assertNull(reader.next());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'VIP,DOB\nyes,01/01/2000\n'|field 'VIP' (column 'vip'): value 'yes' is not a boolean (use true, false, 1 or 0)",
                "'VIP,DOB\n1,31/02/2000\n'|field 'DOB' (column 'born'): value '31/02/2000' does not match the date pattern 'dd/MM/yyyy'",
                "'VIP,Contact ID\n1,12a\n'|field 'Contact ID' (column 'id'): value '12a' is not a number",
                "'VIP,DOB\n1\n'|row has 1 values; the header has 2"
            })
    void aValueItsTypeRefusesFailsTheRowNamingFieldAndColumn(String csv, String reason) throws IOException {
        try (RecordReader reader = read("b.csv", csv)) {
            assertEquals(reason, reader.next().rejection());
        }
    }

    @Test
    void unmappedFieldsAreRefusedByNameUnlessIgnored() throws IOException {
        Path file = dir.resolve("c.csv");
        Files.writeString(file, "DOB,Nickname\n01/01/2000,Al\n");
        UploadRejected refused =
                assertThrows(UploadRejected.class, () -> CRM.reading(UploadFormat.CSV.open(file, ',', true), false));
        assertTrue(refused.getMessage().contains("'Nickname'"), refused.getMessage());
        try (RecordReader reader = CRM.reading(UploadFormat.CSV.open(file, ',', true), true)) {
            assertEquals(List.of("born"), reader.header());
            assertArrayEquals(new String[] {"2000-01-01"}, reader.next().values());
        }
    }

    @Test
    void jsonPathsAddressNestedMembersAndArrayElements() throws IOException {
        String lines = """
                {"Contact ID": 7, "address": {"city": "Oslo", "zip": "0150"}, "items": [{"id": "a"}, {"id": "b"}]}
                """;
        Path file = dir.resolve("d.jsonl");
        Files.writeString(file, lines);
        try (RecordReader flat = UploadFormat.JSON_LINES.open(file, ',', true)) {
            assertEquals(
                    List.of("Contact ID", "address.city", "address.zip", "items[0].id", "items[1].id"), flat.header());
        }
        try (RecordReader reader = CRM.reading(UploadFormat.JSON_LINES.open(file, ',', true), true)) {
            assertEquals(List.of("id", "city", "second_item"), reader.header());
            assertArrayEquals(new String[] {"7", "Oslo", "b"}, reader.next().values());
        }
        try (RecordReader plain = UploadFormat.JSON_LINES.open(file, ',')) {
            assertEquals(List.of("Contact ID", "address", "items"), plain.header());
            assertTrue(plain.next().rejection().contains("nested objects are not supported"));
        }
    }

    @Test
    void aDateFieldFormatsTheColumnsValueInItsPattern() {
        ResourceMapping.MappedField dob = CRM.field("dob").orElseThrow();
        assertEquals("31/01/1990", dob.format(java.time.LocalDate.of(1990, 1, 31)));
        assertEquals("31/01/1990", dob.format("1990-01-31"));
        assertNull(dob.format(null));
        assertEquals("1000", CRM.field("Contact ID").orElseThrow().format(1000));
    }
}
