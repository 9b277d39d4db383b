package dev.mssqlbulk.job;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.ResumePoint;
import dev.mssqlbulk.ingest.UploadFormat;
import dev.mssqlbulk.ingest.UploadSource;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.ResumedItems;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.sqlclient.Row;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A crashed job whose checkpoint is stored with the byte offset of the record after it resumes reading at that
 * offset: the staged upload's bytes between its header and the offset are overwritten with garbage of the same
 * length (all but the line break before the offset, which the reader checks), and the job still completes with
 * exactly the rows after the checkpoint. Read from its first byte, the garbage would be a row that fails, and the
 * rows skipped for the checkpoint would be the wrong ones. Each run's last checkpoint stores the offset again (the
 * end of the upload), on the bulk-copy path (create) and on the statement path (upsert).
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class OffsetResumeTest {

    private static final int ROWS = 60;
    private static final int COMMITTED = 25;

    @Inject
    Instances instances;

    @Inject
    JobStore store;

    @Inject
    JobResumer resumer;

    @Inject
    JobRunner runner;

    @Inject
    BulkConfig config;

    @Inject
    StatusTables tables;

    private Instance instance;

    @BeforeEach
    void committedRows() {
        instance = instances.byName("test").orElseThrow();
        resumer.ensureTables(instance).await().atMost(Duration.ofSeconds(10));
        ResumedItems.commit(COMMITTED, OffsetResumeTest::label);
    }

    /** Labels with multi-byte characters, and every seventh with a line break inside its quotes. */
    private static String label(int i) {
        return "é " + i + (i % 7 == 0 ? "\r\nsecond line" : "");
    }

    @Test
    void aCrashedCsvJobReadsOnFromTheStoredOffsetWithBulkCopy() throws IOException {
        StringBuilder csv = new StringBuilder("\uFEFFid,label\r\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(i).append(",\"").append(label(i)).append("\"\r\n");
        }
        resumesAtTheOffset(UploadFormat.CSV, "create", csv.toString());
    }

    @Test
    void aCrashedCsvJobReadsOnFromTheStoredOffsetWithStatements() throws IOException {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(i).append(",\"").append(label(i)).append("\"\n");
            if (i % 10 == 0) {
                csv.append('\n');
            }
        }
        resumesAtTheOffset(UploadFormat.CSV, "upsert", csv.toString());
    }

    @Test
    void aCrashedJsonLinesJobReadsOnFromTheStoredOffset() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            String escaped = label(i).replace("\r", "\\r").replace("\n", "\\n");
            lines.append("{\"id\":")
                    .append(i)
                    .append(",\"label\":\"")
                    .append(escaped)
                    .append("\"}\n");
        }
        resumesAtTheOffset(UploadFormat.JSON_LINES, "create", lines.toString());
    }

    private void resumesAtTheOffset(UploadFormat format, String action, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        long id = JobIds.next();
        JobOptions options =
                new JobOptions(action, "upsert".equals(action) ? "id" : null, 10, ',', null, false, format, null);
        Files.createDirectories(config.stagingDirectory());
        Path staged = config.stagingDirectory().resolve(options.stagedFileName(id));
        Files.write(staged, bytes);
        ResumePoint header = pointAfter(format, staged, 0);
        ResumePoint checkpoint = pointAfter(format, staged, COMMITTED);
        ResumePoint end = pointAfter(format, staged, ROWS);
        assertNotNull(checkpoint, "the reader knows where row " + COMMITTED + " ends");
        // garbage of the same length between the header (none in JSON Lines) and the line break before the offset
        Arrays.fill(bytes, header == null ? 0 : (int) header.offset(), (int) checkpoint.offset() - 1, (byte) 'x');
        Files.write(staged, bytes);

        Instant silent = Instant.now().minus(config.jobLease()).minusSeconds(5);
        JobRecord job = ResumedItems.resumableAt(crashedJob(id, action, format, options, staged, silent), checkpoint);
        store.insert(instance, job).await().atMost(Duration.ofSeconds(10));
        ResumedItems.silence(id, Duration.between(silent, Instant.now()));

        resumer.scan(instance).await().atMost(Duration.ofSeconds(10));
        Api.awaitEnd(String.valueOf(id), Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(ROWS))
                .body("recordsFailedCount", equalTo(0));
        List<Row> rows = Sql.query("SELECT [id], [label] FROM [dbo].[resumed_items] ORDER BY [id]");
        assertEquals(ROWS, rows.size());
        for (int i = 1; i <= ROWS; i++) {
            assertEquals(i, rows.get(i - 1).getInteger("id"));
            assertEquals(label(i), rows.get(i - 1).getString("label"), "row " + i);
        }
        Row stored = Sql.query(
                        "SELECT [checkpoint_row], [checkpoint_offset], [checkpoint_offset_row] FROM "
                                + "[dbo].[mssql_bulk_job] WHERE [id] = @p1",
                        id)
                .get(0);
        assertEquals(ROWS, stored.getLong("checkpoint_row"));
        assertEquals(ROWS, stored.getLong("checkpoint_offset_row"));
        assertEquals(end.offset(), stored.getLong("checkpoint_offset"), "the last checkpoint: after the last row");
    }

    /**
     * A replica of an earlier release moves the checkpoint without the offset: the offset then belongs to an earlier
     * row and must not be used (reading from it would write rows 26-30 again, numbered 31-35).
     */
    @Test
    void anOffsetLeftBehindByAnEarlierReleaseIsNotTrusted() throws IOException {
        int movedOn = COMMITTED + 5;
        for (int i = COMMITTED + 1; i <= movedOn; i++) {
            Sql.query("INSERT INTO [dbo].[resumed_items] ([id], [label]) VALUES (@p1, @p2)", i, label(i));
        }
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(i).append(",\"").append(label(i)).append("\"\n");
        }
        long id = JobIds.next();
        JobOptions options = new JobOptions("create", null, 10, ',', null, false, UploadFormat.CSV, null);
        Files.createDirectories(config.stagingDirectory());
        Path staged = config.stagingDirectory().resolve(options.stagedFileName(id));
        Files.writeString(staged, csv);
        ResumePoint stale = pointAfter(UploadFormat.CSV, staged, COMMITTED);
        Instant silent = Instant.now().minus(config.jobLease()).minusSeconds(5);
        store.insert(
                        instance,
                        ResumedItems.resumableAt(
                                crashedJob(id, "create", UploadFormat.CSV, options, staged, silent), stale))
                .await()
                .atMost(Duration.ofSeconds(10));
        // what the earlier release's checkpoint UPDATE does: the row and counts move, the offset columns stay
        Sql.execute("UPDATE [dbo].[mssql_bulk_job] SET [checkpoint_row] = " + movedOn + ", [succeeded_count] = "
                + movedOn + ", [heartbeat] = DATEADD(second, -"
                + Duration.between(silent, Instant.now()).toSeconds()
                + ", SYSUTCDATETIME()) WHERE [id] = " + id);

        resumer.scan(instance).await().atMost(Duration.ofSeconds(10));
        Api.awaitEnd(String.valueOf(id), Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(ROWS))
                .body("recordsFailedCount", equalTo(0));
        assertEquals(ROWS, Sql.count("[dbo].[resumed_items]"));
    }

    /** A status table of an earlier release gets both columns, nullable, so that its jobs skip rows as before. */
    @Test
    void theOffsetColumnsAreAddedToAStatusTableWithoutThem() {
        Sql.execute("ALTER TABLE [dbo].[mssql_bulk_job] DROP COLUMN [checkpoint_offset], [checkpoint_offset_row]");
        tables.ensure(instance).await().atMost(Duration.ofSeconds(10));
        List<Row> columns =
                Sql.query("SELECT [COLUMN_NAME], [DATA_TYPE], [IS_NULLABLE] FROM INFORMATION_SCHEMA.COLUMNS "
                        + "WHERE [TABLE_SCHEMA] = 'dbo' AND [TABLE_NAME] = 'mssql_bulk_job' "
                        + "AND [COLUMN_NAME] LIKE 'checkpoint_offset%' ORDER BY [COLUMN_NAME]");
        assertEquals(2, columns.size());
        assertEquals("checkpoint_offset", columns.get(0).getString("COLUMN_NAME"));
        assertEquals("checkpoint_offset_row", columns.get(1).getString("COLUMN_NAME"));
        for (Row column : columns) {
            assertEquals("bigint", column.getString("DATA_TYPE"));
            assertEquals("YES", column.getString("IS_NULLABLE"));
        }
    }

    private static JobRecord crashedJob(
            long id, String action, UploadFormat format, JobOptions options, Path staged, Instant heartbeat) {
        return ResumedItems.runningJob(
                id,
                action,
                "/crash." + format.extension(),
                ROWS,
                COMMITTED,
                options,
                staged,
                "replica-that-died",
                heartbeat);
    }

    /** Where the record after data row {@code row} starts, as a reader from the start reports it. */
    private static ResumePoint pointAfter(UploadFormat format, Path file, int row) throws IOException {
        try (RecordReader reader = format.open(UploadSource.of(file), ',', false)) {
            assertEquals(row, reader.skip(row));
            return reader.resumePoint();
        }
    }
}
