package dev.mssqlbulk.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.catalog.UnknownObjectException;
import dev.mssqlbulk.ingest.ColumnMapping;
import dev.mssqlbulk.ingest.CsvRecordReader;
import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.UploadRejected;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * Turns an upload into a registered job: checks everything a client can get wrong before any job exists,
 * stages the file, records the job, and queues it.
 */
@ApplicationScoped
public class BulkUploads {

    private final Catalog catalog;
    private final JobStore store;
    private final JobRunner runner;
    private final JobResumer resumer;
    private final BulkConfig config;
    private final MetaDataParser metaData;

    public BulkUploads(Catalog catalog, JobStore store, JobRunner runner, JobResumer resumer, BulkConfig config,
                       ObjectMapper json) {
        this.catalog = catalog;
        this.store = store;
        this.runner = runner;
        this.resumer = resumer;
        this.config = config;
        this.metaData = new MetaDataParser(json, config);
    }

    public Uni<JobRecord> upload(Instance instance, UploadRequest request) {
        JobOptions options = metaData.parse(request.metaData(), instance);
        return resumer.ensureTables(instance)
                .flatMap(v -> catalog.table(instance, request.objectName()))
                .map(found -> found.orElseThrow(() -> new UnknownObjectException(request.objectName())))
                .flatMap(table -> Uni.createFrom().item(() -> stage(table, request, options))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .flatMap(staged -> register(instance, table, request, options, staged)));
    }

    /** Reads the header and the first row (blocking file I/O, on a worker), then moves the file to staging. */
    private Staged stage(Table table, UploadRequest request, JobOptions options) {
        try {
            if (Files.size(request.file()) == 0) {
                throw new UploadRejected("the file is empty");
            }
            List<String> header;
            try (RecordReader reader = CsvRecordReader.open(request.file(), options.delimiter())) {
                header = reader.header();
                if (header.isEmpty()) {
                    throw new UploadRejected("the file is empty");
                }
                ColumnMapping.of(table, header, true);
                if (reader.next() == null) {
                    throw new UploadRejected("the file has a header but no data rows");
                }
            }
            long id = JobIds.next();
            Path staged = config.stagingDirectory().resolve(id + ".csv");
            Files.createDirectories(config.stagingDirectory());
            try {
                Files.move(request.file(), staged, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(request.file(), staged, StandardCopyOption.REPLACE_EXISTING);
            }
            return new Staged(id, header, staged);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the upload: " + e.getMessage(), e);
        }
    }

    private Uni<JobRecord> register(Instance instance, Table table, UploadRequest request, JobOptions options,
                                    Staged staged) {
        Instant now = Instant.now();
        JobRecord job = new JobRecord(staged.id, instance.name(), table.name(), options.action(), request.path(),
                JobStatus.CREATED, 0, 0, 0, 0, 0, now, null, null, null, options, staged.header, staged.file,
                request.callbackUrl(), runner.nodeId(), now);
        return store.insert(instance, job)
                .onFailure().call(f -> Uni.createFrom().item(() -> deleteQuietly(staged.file))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .invoke(() -> runner.submit(instance, job))
                .replaceWith(job);
    }

    private static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }

    private record Staged(long id, List<String> header, Path file) {
    }
}
