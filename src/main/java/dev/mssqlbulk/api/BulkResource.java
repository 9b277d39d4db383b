package dev.mssqlbulk.api;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.job.BulkUploads;
import dev.mssqlbulk.job.JobControl;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobStatus;
import dev.mssqlbulk.job.JobStatusView;
import dev.mssqlbulk.job.JobStore;
import dev.mssqlbulk.job.JobStore.FailedRow;
import dev.mssqlbulk.job.UploadRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Bulk uploads: start a job, list, watch and cancel jobs, read their failed rows. */
@Path("/elements/api-v2/hubs/{hub}/bulk")
@Produces(MediaType.APPLICATION_JSON)
public class BulkResource {

    static final String TEXT_CSV = "text/csv";
    private static final int MAX_PAGE_SIZE = 1000;
    private static final int CSV_PAGE = 1000;

    private final BulkUploads uploads;
    private final JobControl jobs;
    private final JobStore store;
    private final Caller caller;

    public BulkResource(BulkUploads uploads, JobControl jobs, JobStore store, Caller caller) {
        this.uploads = uploads;
        this.jobs = jobs;
        this.store = store;
        this.caller = caller;
    }

    @POST
    @Path("{objectName}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<JobCreated> upload(@RestPath String objectName, @RestForm("file") FileUpload file,
                                  @RestForm("metaData") String metaData, @RestQuery String path,
                                  @RestHeader("Elements-Async-Callback-Url") String callbackUrl,
                                  @RestHeader("Idempotency-Key") String idempotencyKey) {
        if (file == null) {
            throw new ApiException(400, "the multipart part 'file' is missing");
        }
        UploadRequest request = new UploadRequest(objectName, file.uploadedFile(), file.fileName(), file.contentType(),
                metaData, path, callbackUrl, idempotencyKey);
        return uploads.upload(caller.instance(), request)
                .map(job -> new JobCreated(String.valueOf(job.id()), job.status().name()));
    }

    @GET
    @Path("jobs")
    public Uni<RestResponse<List<JobStatusView>>> list(@RestQuery Integer pageSize, @RestQuery String nextPage,
                                                       @RestQuery String status, @RestQuery String objectName) {
        int size = pageSize(pageSize, 50);
        JobStatus wanted = status == null ? null : parseStatus(status);
        return jobs.list(caller.instance(), pageToken(nextPage), size, wanted, objectName).map(page -> {
            List<JobStatusView> items = page.stream().map(JobStatusView::of).toList();
            RestResponse.ResponseBuilder<List<JobStatusView>> reply = RestResponse.ResponseBuilder.ok(items)
                    .header("Elements-Returned-Count", items.size());
            if (items.size() == size) {
                reply.header("Elements-Next-Page-Token", String.valueOf(page.get(page.size() - 1).id()));
            }
            return reply.build();
        });
    }

    @PUT
    @Path("{id}/cancel")
    public Uni<JobStatusView> cancel(@RestPath String id) {
        return job(id).flatMap(job -> jobs.cancel(caller.instance(), job))
                .onFailure(JobControl.JobAlreadyEnded.class).transform(f -> new ApiException(409, f.getMessage()))
                .map(JobStatusView::of);
    }

    @GET
    @Path("{id}/status")
    public Uni<JobStatusView> status(@RestPath String id) {
        return job(id).map(JobStatusView::of);
    }

    @GET
    @Path("{id}/errors")
    public Uni<RestResponse<List<FailedRowView>>> errors(@RestPath String id, @RestQuery Integer pageSize,
                                                         @RestQuery String nextPage) {
        int size = pageSize(pageSize, 200);
        long after = pageToken(nextPage);
        return job(id).flatMap(job -> store.errors(caller.instance(), job.id(), after, size)).map(page -> {
            List<FailedRowView> items = page.stream().map(FailedRowView::of).toList();
            RestResponse.ResponseBuilder<List<FailedRowView>> reply = RestResponse.ResponseBuilder.ok(items)
                    .header("Elements-Returned-Count", items.size());
            if (items.size() == size) {
                reply.header("Elements-Next-Page-Token", String.valueOf(page.get(page.size() - 1).rowNumber()));
            }
            return reply.build();
        });
    }

    /** The failed rows in the upload's own columns plus {@code error}: fix them and upload the file again. */
    @GET
    @Path("{id}/errors")
    @Produces(TEXT_CSV)
    public Multi<String> errorsAsCsv(@RestPath String id) {
        Instance instance = caller.instance();
        return job(id).toMulti().flatMap(job -> {
            AtomicLong after = new AtomicLong();
            Multi<String> pages = Multi.createBy().repeating()
                    .uni(() -> store.errors(instance, job.id(), after.get(), CSV_PAGE))
                    .until(List::isEmpty)
                    .map(page -> {
                        after.set(page.get(page.size() - 1).rowNumber());
                        return csv(job.header(), page);
                    });
            List<String> header = new ArrayList<>(job.header());
            header.add("error");
            return Multi.createBy().concatenating().streams(Multi.createFrom().item(csvLine(header)), pages);
        });
    }

    private Uni<JobRecord> job(String id) {
        long jobId;
        try {
            jobId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ApiException(404, "job '" + id + "' not found");
        }
        return jobs.find(caller.instance(), jobId)
                .map(found -> found.orElseThrow(() -> new ApiException(404, "job '" + id + "' not found")));
    }

    private static int pageSize(Integer requested, int fallback) {
        return requested == null ? fallback : Math.max(1, Math.min(MAX_PAGE_SIZE, requested));
    }

    private static JobStatus parseStatus(String status) {
        try {
            return JobStatus.valueOf(status.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "status '" + status + "' is not one of " + java.util.Arrays.toString(JobStatus.values()));
        }
    }

    private static long pageToken(String token) {
        if (token == null || token.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(token.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, "nextPage '" + token + "' is not a page token this service issued");
        }
    }

    private static String csv(List<String> header, List<FailedRow> page) {
        List<List<String>> records = new ArrayList<>(page.size());
        for (FailedRow row : page) {
            List<String> fields = new ArrayList<>(header.size() + 1);
            header.forEach(column -> fields.add(row.record().get(column)));
            fields.add(row.errorCode() + ": " + row.message());
            records.add(fields);
        }
        return csv(records);
    }

    private static String csvLine(List<String> fields) {
        return csv(List.of(fields));
    }

    private static String csv(List<List<String>> records) {
        StringWriter out = new StringWriter();
        try (CsvWriter writer = CsvWriter.builder().build(out)) {
            records.forEach(writer::writeRecord);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
