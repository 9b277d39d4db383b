package dev.mssqlbulk.download;

import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.SourceRow;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.job.FailedRows;
import dev.mssqlbulk.job.FailedRows.FailedRow;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.staging.StagedFiles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A job's result files, like Salesforce's successfulResults, failedResults and unprocessedrecords: CSV in the
 * upload's own columns (failed rows add {@code error}), streamed page by page from the staged upload and the
 * status tables, so memory stays flat whatever the file size.
 */
@ApplicationScoped
public class JobResults {

    /** Which rows a result file holds. */
    public enum Kind {
        SUCCESSFUL,
        FAILED,
        UNPROCESSED
    }

    private static final int PAGE = 1000;

    private final FailedRows failedRows;
    private final StagedFiles staged;

    public JobResults(FailedRows failedRows, StagedFiles staged) {
        this.failedRows = failedRows;
        this.staged = staged;
    }

    /**
     * Result files other than the failed rows need the staged upload, which is kept only for a while: fails with
     * {@link ResultsGone} once it is gone. Asks the store on a worker (a request, with object storage).
     */
    public Uni<Void> requireAvailable(JobRecord job, Kind kind) {
        if (kind == Kind.FAILED) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .<Void>item(() -> {
                    try {
                        if (!staged.exists(job.stagedFile())) {
                            throw new ResultsGone(job);
                        }
                        return null;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    public Multi<String> csv(Instance instance, JobRecord job, Kind kind) {
        return switch (kind) {
            case FAILED -> failed(instance, job);
            case SUCCESSFUL -> fromUpload(job, 1, job.checkpointRow(), page -> withoutFailed(instance, job, page));
            case UNPROCESSED -> fromUpload(job, job.checkpointRow() + 1, Long.MAX_VALUE, Uni.createFrom()::item);
        };
    }

    private Multi<String> failed(Instance instance, JobRecord job) {
        AtomicLong after = new AtomicLong();
        Multi<String> pages = Multi.createBy()
                .repeating()
                .uni(() -> failedRows.page(instance, job.id(), after.get(), PAGE))
                .until(List::isEmpty)
                .map(page -> {
                    after.set(page.get(page.size() - 1).rowNumber());
                    return CsvText.of(page.stream()
                            .map(row -> failedRecord(job.header(), row))
                            .toList());
                });
        List<String> header = new ArrayList<>(job.header());
        header.add("error");
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(CsvText.of(List.of(header))), pages);
    }

    private static List<String> failedRecord(List<String> header, FailedRow row) {
        List<String> fields = new ArrayList<>(header.size() + 1);
        header.forEach(column -> fields.add(row.record().get(column)));
        fields.add(row.errorCode() + ": " + row.message());
        return fields;
    }

    /** Rows {@code from..to} of the staged upload, a page at a time, each page filtered by {@code keep}. */
    private Multi<String> fromUpload(
            JobRecord job,
            long from,
            long to,
            java.util.function.Function<List<SourceRow>, Uni<List<SourceRow>>> keep) {
        Multi<String> pages = Multi.createFrom()
                .<RecordReader, String>resource(
                        () -> open(job, from),
                        reader -> Multi.createBy()
                                .repeating()
                                .uni(() -> Uni.createFrom()
                                        .item(() -> readPage(reader, to))
                                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                                .until(List::isEmpty)
                                .onItem()
                                .<List<SourceRow>>transformToUniAndConcatenate(keep::apply)
                                .map(page -> CsvText.of(page.stream()
                                        .map(row -> Arrays.asList(row.values()))
                                        .toList())))
                .withFinalizer(JobResults::close)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return Multi.createBy()
                .concatenating()
                .streams(Multi.createFrom().item(CsvText.of(List.of(job.header()))), pages);
    }

    private Uni<List<SourceRow>> withoutFailed(Instance instance, JobRecord job, List<SourceRow> page) {
        long first = page.get(0).rowNumber();
        long last = page.get(page.size() - 1).rowNumber();
        return failedRows.rowNumbers(instance, job.id(), first, last).map(failed -> {
            Set<Long> failedRows = new HashSet<>(failed);
            return page.stream()
                    .filter(row -> !failedRows.contains(row.rowNumber()))
                    .toList();
        });
    }

    private RecordReader open(JobRecord job, long fromRow) {
        try {
            RecordReader reader = job.options().open(() -> staged.open(job.stagedFile(), 0));
            reader.skip(fromRow - 1);
            return reader;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<SourceRow> readPage(RecordReader reader, long toRow) {
        try {
            List<SourceRow> page = new ArrayList<>(PAGE);
            SourceRow row;
            while (page.size() < PAGE && (row = reader.next()) != null) {
                if (row.rowNumber() > toRow) {
                    break;
                }
                page.add(row);
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(RecordReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // nothing left to read
        }
    }

    /** The staged upload was deleted after the results retention. */
    public static final class ResultsGone extends RuntimeException {

        public ResultsGone(JobRecord job) {
            super(
                    "the upload of job " + job.id() + " is no longer kept (results retention has passed)",
                    null,
                    false,
                    false);
        }
    }
}
