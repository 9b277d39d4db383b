package dev.mssqlbulk.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchPlannerTest {

    @ParameterizedTest(name = "requested {0} with default {1} in [{2}, {3}] -> {4}")
    @CsvSource(
            nullValues = "null",
            value = {
                "null, 500, 1, 5000, 500",
                "0,    500, 1, 5000, 500",
                "-3,   500, 1, 5000, 500",
                "200,  500, 1, 5000, 200",
                "9000, 500, 1, 5000, 5000",
                "5,    500, 10, 5000, 10",
                "null, 9000, 1, 5000, 5000",
            })
    void rowsPerBatchUsesTheRequestOrTheDefaultClampedToTheBounds(
            Integer requested, int instanceDefault, int min, int max, int expected) {
        assertEquals(expected, BatchPlanner.rowsPerBatch(requested, instanceDefault, min, max));
    }

    @ParameterizedTest(name = "{0} parameters per row -> {1} rows per statement")
    @CsvSource({
        "1, 1000", "2, 1000", "3, 666", "10, 200", "7, 285", "1000, 2", "2000, 1",
    })
    void rowsPerStatementStaysWithinThousandRowsAndTwoThousandParameters(int parametersPerRow, int expected) {
        int rows = BatchPlanner.rowsPerStatement(parametersPerRow);
        assertEquals(expected, rows);
        assertTrue(rows * parametersPerRow <= 2000 && rows <= 1000);
    }

    @Test
    void rowsPerStatementRejectsARowBeyondTheParameterBudget() {
        assertThrows(UploadRejected.class, () -> BatchPlanner.rowsPerStatement(2001));
    }

    @Test
    void chunksCutsConsecutiveListsWithAShorterLastOne() {
        assertEquals(List.of(List.of(1, 2), List.of(3, 4), List.of(5)), BatchPlanner.chunks(List.of(1, 2, 3, 4, 5), 2));
    }

    @Test
    void chunksOfAnEmptyListAreNone() {
        assertEquals(List.of(), BatchPlanner.chunks(List.of(), 3));
    }

    @Test
    void chunksRejectsANonPositiveSize() {
        assertThrows(IllegalArgumentException.class, () -> BatchPlanner.chunks(List.of(1), 0));
    }
}
