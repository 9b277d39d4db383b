package dev.mssqlbulk.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchSizerTest {

    private static final Duration TARGET = Duration.ofSeconds(2);
    private static final Duration QUICK = Duration.ofMillis(100);

    @Test
    void adaptiveBatchesStartSmallAndDoubleWhileTheyCommitCleanAndQuickly() {
        BatchSizer sizer = BatchSizer.adaptive(1000, 20_000, 1 << 24, TARGET);
        assertEquals(1000, sizer.rows());
        sizer.committed(1000, 1000, 0, QUICK);
        assertEquals(2000, sizer.rows());
        sizer.committed(2000, 2000, 0, QUICK);
        sizer.committed(4000, 4000, 0, QUICK);
        sizer.committed(8000, 8000, 0, QUICK);
        sizer.committed(16_000, 16_000, 0, QUICK);
        assertEquals(20_000, sizer.rows(), "never above max-rows");
    }

    @Test
    void aBatchWithFailedRowsHalvesTheNext() {
        BatchSizer sizer = BatchSizer.adaptive(8000, 20_000, 1 << 24, TARGET);
        sizer.committed(8000, 8000, 1, QUICK);
        assertEquals(4000, sizer.rows());
        for (int i = 0; i < 20; i++) {
            sizer.committed(sizer.rows(), sizer.rows(), 1, QUICK);
        }
        assertEquals(1, sizer.rows(), "never below one row");
    }

    @Test
    void aSlowBatchShrinksTheNextInProportionAtMostByHalf() {
        BatchSizer sizer = BatchSizer.adaptive(8000, 20_000, 1 << 24, TARGET);
        sizer.committed(8000, 8000, 0, Duration.ofMillis(2500));
        assertEquals(6400, sizer.rows());
        sizer.committed(6400, 6400, 0, Duration.ofSeconds(60));
        assertEquals(3200, sizer.rows());
    }

    @Test
    void aBatchInTheTargetBandOrCutShortByBytesKeepsTheSize() {
        BatchSizer sizer = BatchSizer.adaptive(4000, 20_000, 1 << 24, TARGET);
        sizer.committed(4000, 4000, 0, Duration.ofMillis(1500));
        assertEquals(4000, sizer.rows(), "between half the target and the target");
        sizer.committed(4000, 37, 0, QUICK);
        assertEquals(4000, sizer.rows(), "a batch ended by its byte bound or the file's end says nothing of the size");
    }

    @Test
    void anOutcomeThatArrivesLateJudgesTheSizeItsBatchWasReadWith() {
        BatchSizer sizer = BatchSizer.adaptive(1000, 20_000, 1 << 24, TARGET);
        sizer.committed(1000, 1000, 0, QUICK);
        sizer.committed(1000, 1000, 0, QUICK); // read ahead before the first outcome: no second doubling
        assertEquals(2000, sizer.rows());
        sizer.committed(2000, 2000, 0, QUICK);
        sizer.committed(
                2000, 2000, 3, QUICK); // the batch read ahead at 2000 failed rows: half of what it was read with
        assertEquals(1000, sizer.rows());
    }

    @Test
    void fixedBatchesAreTheClientsSizeWhateverHappens() {
        BatchSizer sizer = BatchSizer.fixed(500, 1 << 20);
        sizer.committed(500, 500, 0, QUICK);
        sizer.committed(500, 500, 7, Duration.ofSeconds(60));
        assertEquals(500, sizer.rows());
        assertEquals(1 << 20, sizer.maxBytes());
    }
}
