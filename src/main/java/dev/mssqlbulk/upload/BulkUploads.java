package dev.mssqlbulk.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.callback.CallbackUrlPolicy;
import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.catalog.UnknownObjectException;
import dev.mssqlbulk.ingest.MalformedInputException;
import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.UploadFormat;
import dev.mssqlbulk.ingest.UploadRejected;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.job.DuplicateIdempotencyKey;
import dev.mssqlbulk.job.JobIds;
import dev.mssqlbulk.job.JobMetrics;
import dev.mssqlbulk.job.JobOptions;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobRegistry;
import dev.mssqlbulk.job.JobResumer;
import dev.mssqlbulk.job.JobRunner;
import dev.mssqlbulk.job.JobStatus;
import dev.mssqlbulk.job.JobStore;
import dev.mssqlbulk.job.Overloaded;
import dev.mssqlbulk.job.StoredLengths;
import dev.mssqlbulk.staging.StagedFiles;
import dev.mssqlbulk.staging.StagingPaths;
import dev.mssqlbulk.staging.StagingQuota;
import dev.mssqlbulk.staging.StagingUnavailableException;
import dev.mssqlbulk.transform.Transformation;
import dev.mssqlbulk.transform.Transformations;
import dev.mssqlbulk.write.BulkCopyChoice;
import dev.mssqlbulk.write.WriteAction;
import dev.mssqlbulk.write.WritePlan;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns an upload into a registered job: checks everything a client can get wrong before any job exists,
 * stages the file, records the job, and queues it.
 */
@ApplicationScoped
public class BulkUploads {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(BulkUploads.class);
    /** A store that failed has usually recovered (restarted, failed over) within seconds. */
    private static final int STORE_RETRY_SECONDS = 10;

    private final Catalog catalog;
    private final JobStore store;
    private final JobRunner runner;
    private final JobResumer resumer;
    private final BulkConfig config;
    private final MetaDataParser metaData;
    private final JobRegistry registry;
    private final CallbackUrlPolicy callbackPolicy;
    private final JobMetrics metrics;
    private final Transformations transformations;
    private final StagingPaths staging;
    private final StagingQuota quota;
    private final StagedFiles files;

    public BulkUploads(
            Catalog catalog,
            JobStore store,
            JobRunner runner,
            JobResumer resumer,
            JobRegistry registry,
            CallbackUrlPolicy callbackPolicy,
            JobMetrics metrics,
            BulkConfig config,
            ObjectMapper json,
            Transformations transformations,
            StagingPaths staging,
            StagingQuota quota,
            StagedFiles files) {
        this.transformations = transformations;
        this.staging = staging;
        this.quota = quota;
        this.files = files;
        this.metrics = metrics;
        this.registry = registry;
        this.callbackPolicy = callbackPolicy;
        this.catalog = catalog;
        this.store = store;
        this.runner = runner;
        this.resumer = resumer;
        this.config = config;
        this.metaData = new MetaDataParser(json, config);
    }

    /**
     * Registers the upload as a new job, or, when its idempotency key was used before on this instance, answers
     * the first job and writes nothing again.
     */
    public Uni<JobRecord> upload(Instance instance, UploadRequest request) {
        runner.checkCapacity(instance);
        StoredLengths.require("query parameter 'path'", request.path(), StoredLengths.PATH);
        StoredLengths.require(
                "header 'Elements-Async-Callback-Url'", request.callbackUrl(), StoredLengths.CALLBACK_URL);
        JobOptions options = metaData.parse(request.metaData(), instance);
        if (request.callbackUrl() != null) {
            callbackPolicy.check(request.callbackUrl());
        }
        String key = request.idempotencyKey();
        if (key != null && (key.isBlank() || key.length() > StoredLengths.IDEMPOTENCY_KEY)) {
            throw new UploadRejected(
                    "header 'Idempotency-Key' must have 1 to " + StoredLengths.IDEMPOTENCY_KEY + " characters");
        }
        return resumer.ensureTables(instance)
                .flatMap(v ->
                        key == null ? Uni.createFrom().item(Optional.<Long>empty()) : store.jobForKey(instance, key))
                .flatMap(first ->
                        first.isPresent() ? existing(instance, first.get()) : create(instance, request, options));
    }

    private Uni<JobRecord> existing(Instance instance, long id) {
        return registry.find(instance, id)
                .map(found -> found.orElseThrow(
                        () -> new IllegalStateException("job " + id + " of an idempotency key is gone")));
    }

    private Uni<JobRecord> create(Instance instance, UploadRequest request, JobOptions requested) {
        return target(instance, request.objectName(), requested)
                .flatMap(target -> Uni.createFrom()
                        .item(() -> stage(instance, target.table, request, target.options))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .flatMap(staged -> register(
                                instance, target.table, request, target.options.withFormat(staged.format), staged)));
    }

    /**
     * The table the upload writes, and the transformation it maps through: the upload's inline
     * {@code metaData.transformation} (whose vendorName defaults to the object named in the path), else the stored
     * transformation of that name, else none: the name is a table's.
     */
    private Uni<Target> target(Instance instance, String objectName, JobOptions options) {
        Transformation inline = options.transformation();
        if (inline != null) {
            Transformation definition = new Transformation(
                    objectName, inline.vendorName() == null ? objectName : inline.vendorName(), inline.fields());
            return transformations
                    .resolve(instance, definition)
                    .map(resource -> new Target(resource.table(), options.withTransformation(definition)));
        }
        return transformations
                .resource(instance, objectName)
                .flatMap(resource -> resource.isPresent()
                        ? Uni.createFrom()
                                .item(new Target(
                                        resource.get().table(),
                                        options.withTransformation(
                                                resource.get().mapping().definition())))
                        : catalog.table(instance, objectName)
                                .map(found -> new Target(
                                        found.orElseThrow(() -> new UnknownObjectException(objectName)), options)));
    }

    private record Target(Table table, JobOptions options) {}

    /** Reads the header and the first row (blocking file I/O, on a worker), then moves the file to staging. */
    private Staged stage(Instance instance, Table table, UploadRequest request, JobOptions options) {
        try {
            if (Files.size(request.file()) == 0) {
                throw new UploadRejected("the file is empty");
            }
            UploadFormat format = UploadFormat.detect(request.contentType(), request.fileName(), request.file());
            List<String> header;
            try (RecordReader reader = options.withFormat(format).open(request.file())) {
                header = reader.header();
                if (header.isEmpty()) {
                    throw new UploadRejected(
                            format == UploadFormat.CSV
                                    ? "the file is empty"
                                    : "the file holds no JSON object with fields");
                }
                WritePlan plan =
                        WritePlan.of(table, header, WriteAction.parse(options.action()), options.identifierFieldName());
                if (!options.dryRun()) {
                    BulkCopyChoice.bulkCopies(instance.config().writeMode(), plan, instance.serverIdentity());
                }
                if (reader.next() == null) {
                    throw new UploadRejected("the file has a header but no data rows");
                }
            } catch (MalformedInputException e) {
                throw new UploadRejected("the file cannot be read as "
                        + format.extension().toUpperCase(java.util.Locale.ROOT) + ": " + e.getMessage());
            }
            quota.check(instance, Files.size(request.file())).ifPresent(refusal -> {
                throw new Overloaded(
                        refusal.message(),
                        refusal.status(),
                        refusal.retryAfterSeconds()); // a chunked upload, measured only now
            });
            long id = JobIds.next();
            Path staged = staging.of(instance.name(), options.withFormat(format).stagedFileName(id));
            long bytes = Files.size(request.file());
            try {
                files.put(staged, request.file()); // consumes the HTTP layer's file
            } catch (StagingUnavailableException e) {
                LOG.warnf("Cannot stage an upload for instance '%s': %s", instance.name(), e.getMessage());
                deleteQuietly(request.file());
                // A request the store did not answer in time may still complete there: delete, once it answers.
                Infrastructure.getDefaultWorkerPool().execute(() -> deleteStaged(staged));
                throw new Overloaded("the staging store is unavailable; retry later", 503, STORE_RETRY_SECONDS);
            }
            quota.changed(instance.name());
            return new Staged(id, header, staged, format, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the upload", e);
        }
    }

    private Uni<JobRecord> register(
            Instance instance, Table table, UploadRequest request, JobOptions options, Staged staged) {
        Instant now = Instant.now();
        JobRecord job = new JobRecord(
                staged.id,
                instance.name(),
                table.name(),
                options.action(),
                request.path(),
                JobStatus.CREATED,
                0,
                0,
                0,
                0,
                0,
                now,
                null,
                null,
                null,
                options,
                staged.header,
                staged.file,
                request.callbackUrl(),
                request.idempotencyKey(),
                runner.nodeId(),
                now,
                null);
        return store.insert(instance, job)
                .onFailure()
                .call(f -> Uni.createFrom()
                        .item(() -> deleteStaged(staged.file))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .invoke(() -> metrics.bytesStaged(instance.name(), staged.bytes))
                .invoke(() -> runner.submit(instance, job))
                .replaceWith(job)
                .onFailure(DuplicateIdempotencyKey.class)
                .recoverWithUni(f -> store.jobForKey(instance, job.idempotencyKey())
                        .flatMap(first -> existing(instance, first.orElseThrow())));
    }

    /** A staged upload whose job could not be registered: nothing is to remain of it. */
    private boolean deleteStaged(Path stagedFile) {
        try {
            files.delete(stagedFile);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cannot delete a staged upload whose job was not registered: %s", e.getMessage());
            return false;
        }
    }

    private static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }

    private record Staged(long id, List<String> header, Path file, UploadFormat format, long bytes) {}
}
