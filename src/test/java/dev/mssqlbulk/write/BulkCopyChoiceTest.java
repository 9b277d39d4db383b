package dev.mssqlbulk.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.ingest.TestColumns;
import dev.mssqlbulk.ingest.UploadRejected;
import dev.mssqlbulk.instance.WriteMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BulkCopyChoiceTest {

    private static final Column ID = new Column("id", 1, "int", false, null, null, null, false, false, false, true);
    private static final Column NOTE = TestColumns.nullable("note", "nvarchar(50)");
    private static final Column DOC = TestColumns.nullable("doc", "xml");

    private static WritePlan plan(boolean view, WriteAction action, String... header) {
        Table table = new Table("dbo", "t", view, List.of(ID, NOTE, DOC));
        return WritePlan.of(table, List.of(header), action, null);
    }

    @ParameterizedTest(name = "{0} {1} into a view={2} with columns {3}: bulk copy {4}")
    @CsvSource(delimiter = '|', textBlock = """
            AUTO      | CREATE | false | id note | true
            AUTO      | CREATE | true  | id note | false
            AUTO      | CREATE | false | id doc  | false
            AUTO      | UPSERT | false | id note | false
            AUTO      | UPDATE | false | id note | false
            AUTO      | DELETE | false | id      | false
            BATCH     | CREATE | false | id note | false
            BULK_COPY | CREATE | false | id note | true
            BULK_COPY | CREATE | true  | id note | true
            BULK_COPY | UPSERT | false | id note | false
            """)
    void bulkCopiesOnlyCreatesItCanCarry(
            WriteMode mode, WriteAction action, boolean view, String columns, boolean expected) {
        assertEquals(expected, BulkCopyChoice.bulkCopies(mode, plan(view, action, columns.split(" "))));
    }

    @Test
    void bulkCopyModeRefusesAColumnItCannotCarryNamingIt() {
        UploadRejected rejected = assertThrows(
                UploadRejected.class,
                () -> BulkCopyChoice.bulkCopies(WriteMode.BULK_COPY, plan(false, WriteAction.CREATE, "id", "doc")));
        assertTrue(rejected.getMessage().contains("'doc' of type xml"), rejected.getMessage());
    }

    @Test
    void autoFallsBackQuietlyWhereBulkCopyModeRefuses() {
        assertFalse(BulkCopyChoice.bulkCopies(WriteMode.AUTO, plan(false, WriteAction.CREATE, "doc", "id")));
    }
}
