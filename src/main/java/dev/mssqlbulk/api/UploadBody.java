package dev.mssqlbulk.api;

import dev.mssqlbulk.instance.BulkConfig;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.FileSystemException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads an upload's multipart body before the REST layer runs: Vert.x's multipart decoder (Netty's) on the event
 * loop, the part {@code file} streamed to {@code quarkus.http.body.uploads-directory}, the fields left in the
 * request's form attributes. RESTEasy Reactive takes a form that a route has already read as it is, so the resource
 * gets its {@code FileUpload} and {@code metaData} as before, without RESTEasy's own multipart reader, which pauses the
 * connection for every chunk of the body, hands the chunk to a worker thread and scans it for the boundary one byte at
 * a time: a 16 MB upload was answered in a median 139-155 ms with that reader, at 145-154 ms of the service's CPU, and
 * in 49-54 ms at 79-81 ms of CPU with this one (demo service on the emulator, curl, idle box; README).
 *
 * <p>Vert.x Web's {@code BodyHandler} does nearly this, and is not used because of what it does when a body goes
 * wrong: a body that ends inside its file part (no closing boundary) is never answered, since the decoder never ends
 * that part, and a client that goes away mid-body leaves its partial file behind (its clean-up stops at a file handle
 * the upload has already closed). Here a file part that has not ended {@link #PART_END_GRACE} after the body is a 400,
 * and whatever fails or goes away deletes the file.
 *
 * <p>Limits: {@code mssql-bulk.max-upload-size} for the whole body (413; before a byte is read when
 * {@code Content-Length} declares more), {@code quarkus.http.limits.max-form-attribute-size} for a part without a file
 * name (400). The decoder, like most multipart readers, tells a file from a field by the part's file name: a part
 * {@code file} sent without one ({@code curl -F 'file=<data.csv'}) is a field, and is refused saying so. Only the first part named {@code file} is stored; other file parts are read and dropped. The stored file
 * is deleted once the reply is sent (the staging store has taken it by then) or the client has gone.
 */
@ApplicationScoped
public class UploadBody {

    private static final Logger LOG = Logger.getLogger(UploadBody.class);
    private static final String FILE_PART = "file";
    private static final String FORM_DATA = "multipart/form-data";
    private static final String SEND_AS_FILE = "send the data as a file, e.g. curl -F file=@data.csv";
    static final String NO_FILE = "the multipart part 'file' is missing or has no file name; " + SEND_AS_FILE;

    private static final String TRUNCATED =
            "the multipart body ended inside the part 'file' (its closing boundary is missing)";
    /**
     * How long the file part may take to end after the body has: its last writes and the boundary's event queued
     * behind them. The decoder does not run far ahead of the file's writes (a 929 MB upload under a 128 MB heap kept
     * the service's peak RSS flat), so these are a few chunks.
     */
    static final Duration PART_END_GRACE = Duration.ofSeconds(5);

    private final long maxBytes;
    private final String uploadLimit;
    private final String uploadsDirectory;
    private final long maxFieldBytes;

    public UploadBody(
            BulkConfig config,
            @ConfigProperty(name = "mssql-bulk.max-upload-size") String uploadLimit,
            @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploadsDirectory,
            @ConfigProperty(name = "quarkus.http.limits.max-form-attribute-size", defaultValue = "2048")
                    MemorySize maxFieldBytes) {
        this.maxBytes = config.maxUploadSize().asLongValue();
        this.uploadLimit = uploadLimit;
        this.uploadsDirectory = uploadsDirectory;
        this.maxFieldBytes = maxFieldBytes.asLongValue();
    }

    /**
     * Whether the request is one whose body this reader takes: {@code multipart/form-data}, the only multipart type the
     * decoder reads; the REST layer answers any other type with 415 without reading the body.
     */
    static boolean takes(RoutingContext context) {
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return contentType != null && contentType.regionMatches(true, 0, FORM_DATA, 0, FORM_DATA.length());
    }

    /** The uploads directory exists before the first upload (a crash's partial uploads in it are the cleaner's). */
    void createDirectory(@Observes StartupEvent start) throws IOException {
        Files.createDirectories(Path.of(uploadsDirectory));
    }

    /**
     * Reads the body, then passes the request on to the REST layer; a failure goes to {@link #failed}, as does
     * anything thrown here (the router fails the request with it), e.g. by Vert.x refusing to decode the body.
     */
    void read(RoutingContext context) {
        if (declaredLength(context.request()) > maxBytes) {
            context.fail(413);
            return;
        }
        new Receipt(context).start();
    }

    /** Answers a body that could not be read; {@link Receipt} has already let go of what it wrote. */
    void failed(RoutingContext context) {
        if (context.response().ended() || context.response().closed()) {
            return; // the client went away mid-body: nobody to answer
        }
        Throwable failure = context.failure();
        if (context.statusCode() == 413) {
            RouteReplies.json(context, 413, ApiErrors.uploadTooLarge(uploadLimit));
        } else if (failure instanceof ApiException refusal) {
            RouteReplies.json(context, refusal.status(), refusal.getMessage());
        } else if (isDecoding(failure)) {
            RouteReplies.json(context, 400, decodingMessage(failure));
        } else if (failure instanceof IOException || failure instanceof FileSystemException) {
            String requestId = RouteReplies.requestId(context);
            LOG.errorf(failure, "I/O failure reading an upload (request %s)", requestId);
            RouteReplies.json(context, 500, requestId, "the service could not read or write a file");
        } else {
            String requestId = RouteReplies.requestId(context);
            LOG.errorf(failure, "Unexpected failure reading an upload (request %s)", requestId);
            RouteReplies.json(context, 500, requestId, "internal error");
        }
    }

    /** Thrown by the multipart decoder (Vert.x hands over some of its failures unwrapped). */
    private static boolean isDecoding(Throwable failure) {
        StackTraceElement[] frames = failure == null ? new StackTraceElement[0] : failure.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith("io.netty.handler.codec.http.multipart");
    }

    private String decodingMessage(Throwable failure) {
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (reason.contains("exceed")) { // Netty: "Size exceed allowed maximum capacity", a field over the limit
            return "a multipart field (a part without a file name, such as metaData) is longer than " + maxFieldBytes
                    + " bytes (quarkus.http.limits.max-form-attribute-size); the data goes in the part 'file', "
                    + SEND_AS_FILE.replace("send the data ", "sent ");
        }
        return "the multipart body could not be read: " + reason;
    }

    /** The body's length as {@code Content-Length} declares it; -1 without one (chunked) or when it is not a number. */
    static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One request's body being read; every callback runs on the request's event loop. */
    private final class Receipt {

        private final RoutingContext context;
        private final HttpServerRequest request;
        private long received;
        private HttpServerFileUpload filePart;
        private Path stored;
        private boolean writing;
        private boolean bodyEnded;
        private boolean done;

        Receipt(RoutingContext context) {
            this.context = context;
            this.request = context.request();
        }

        void start() {
            request.setExpectMultipart(true);
            request.uploadHandler(this::part);
            request.handler(this::bytes);
            request.exceptionHandler(this::fail);
            request.endHandler(ended -> bodyEnded());
            context.addEndHandler(replied -> deleteStored());
            if (HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                // The client (curl, for a body over 1 MB) waits for this before it sends the body; a refusal by the
                // guard goes out instead of it, and the client then sends nothing.
                context.response().writeContinue();
            }
            request.resume();
        }

        private void part(HttpServerFileUpload upload) {
            if (done || filePart != null || !FILE_PART.equals(upload.name())) {
                upload.handler(ignored -> {}); // read and dropped
                return;
            }
            filePart = upload;
            stored = Path.of(uploadsDirectory, UUID.randomUUID().toString());
            writing = true;
            Future<Void> written = upload.streamToFileSystem(stored.toString());
            written.onComplete(result -> {
                writing = false;
                if (result.failed()) {
                    fail(result.cause());
                } else {
                    passOnWhenRead();
                }
            });
        }

        private void bytes(Buffer chunk) {
            received += chunk.length();
            if (!done && received > maxBytes) {
                giveUp();
                context.fail(413);
            }
        }

        private void bodyEnded() {
            bodyEnded = true;
            if (done) {
                return;
            }
            if (writing) {
                // The file part ends when the decoder meets its boundary, which may be queued behind the file's
                // writes for a moment; a part that has not ended by then never got one.
                context.vertx().setTimer(PART_END_GRACE.toMillis(), late -> {
                    if (!done && writing) {
                        giveUp();
                        context.fail(new ApiException(400, TRUNCATED));
                    }
                });
                return;
            }
            passOnWhenRead();
        }

        private void passOnWhenRead() {
            if (done || !bodyEnded || writing) {
                return;
            }
            done = true;
            if (filePart == null) {
                context.fail(new ApiException(400, NO_FILE));
                return;
            }
            context.fileUploads()
                    .add(new StoredFile(
                            filePart, stored.toString(), context.vertx().fileSystem()));
            context.next();
        }

        private void fail(Throwable failure) {
            if (!done) {
                giveUp();
                context.fail(failure);
            }
        }

        /** Stops reading: the part being written is closed, and deleted with the reply. */
        private void giveUp() {
            done = true;
            if (writing) {
                try {
                    filePart.cancelStreamToFileSystem();
                } catch (IllegalStateException alreadyClosed) {
                    // the upload has closed its file already; deleting it is all that is left
                }
            }
        }

        private void deleteStored() {
            if (stored == null) {
                return;
            }
            context.vertx().fileSystem().delete(stored.toString()).onFailure(e -> {
                // gone already: the staging store moved it, which is the usual case
            });
        }
    }

    /** The stored part as Vert.x Web's routing context lists it, which is where RESTEasy Reactive looks. */
    private record StoredFile(HttpServerFileUpload part, String uploadedFileName, FileSystem files)
            implements FileUpload {

        @Override
        public String name() {
            return part.name();
        }

        @Override
        public String fileName() {
            return part.filename();
        }

        @Override
        public long size() {
            return part.size();
        }

        @Override
        public String contentType() {
            return part.contentType();
        }

        @Override
        public String contentTransferEncoding() {
            return part.contentTransferEncoding();
        }

        @Override
        public String charSet() {
            return part.charset();
        }

        @Override
        public boolean cancel() {
            return false; // already stored
        }

        @Override
        public Future<Void> delete() {
            return files.delete(uploadedFileName);
        }
    }
}
