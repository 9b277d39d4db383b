package dev.mssqlbulk.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Loads a generated CSV (N rows x 10 mixed-type columns) through the packaged service into a standalone emulator
 * process, and prints rows/s, the service's CPU seconds per million rows and its peak RSS. A benchmark, not a
 * test: run it with {@code ./mvnw package -Pbench -Dbench.rows=100000} (see README); {@code -Dbench.jvm="-Xmx128m"}
 * passes JVM options to the service.
 */
public final class LoadBenchmark {

    static final String SCHEMA = """
            CREATE TABLE [dbo].[bench_rows] (
              [id] BIGINT NOT NULL PRIMARY KEY, [name] NVARCHAR(60) NOT NULL, [email] NVARCHAR(120) NULL,
              [age] INT NULL, [score] DECIMAL(12,3) NULL, [ratio] FLOAT NULL, [active] BIT NULL,
              [born] DATE NULL, [updated_at] DATETIME2(3) NULL, [token] UNIQUEIDENTIFIER NULL
            )""";
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");
    private static final Pattern SUCCEEDED = Pattern.compile("\"recordsSucceededCount\":(\\d+)");
    private static final Pattern FAILED = Pattern.compile("\"recordsFailedCount\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\":\"(\\d+)\"");

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(System.getProperty("bench.rows", "100000"));
        int batch = Integer.parseInt(System.getProperty("bench.batch", "1000"));
        Path app = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        try (BenchEnvironment env = BenchEnvironment.start(app, SCHEMA, System.getProperty("bench.jvm", ""), Map.of())) {
            Path csv = env.work.resolve("bench.csv");
            long started = System.nanoTime();
            generate(csv, rows);
            System.out.printf(Locale.ROOT, "generated %,d rows (%,d bytes) in %.1f s%n", rows, Files.size(csv),
                    (System.nanoTime() - started) / 1e9);
            double cpuBefore = env.serviceCpuSeconds();
            long uploadStart = System.nanoTime();
            String id = env.upload("bench_rows", csv, "{\"bulkUploadRecordSize\":" + batch + "}", null, null);
            String status = awaitEnd(env, id);
            double seconds = (System.nanoTime() - uploadStart) / 1e9;
            double cpu = env.serviceCpuSeconds() - cpuBefore;
            long succeeded = Long.parseLong(BenchEnvironment.find(SUCCEEDED, status));
            System.out.println("final status: " + status);
            System.out.printf(Locale.ROOT, "rows=%d batch=%d succeeded=%d failed=%s%n", rows, batch, succeeded,
                    BenchEnvironment.find(FAILED, status));
            System.out.printf(Locale.ROOT, "wall: %.1f s  throughput: %,.0f rows/s%n", seconds, rows / seconds);
            System.out.printf(Locale.ROOT, "service CPU: %.1f s  = %.1f CPU s per million rows%n", cpu,
                    cpu * 1_000_000 / rows);
            System.out.printf(Locale.ROOT, "service peak RSS: %d MiB (VmHWM)%n", env.servicePeakRssMib());
            if (succeeded != rows) {
                throw new IllegalStateException("not every row was loaded; see " + env.work);
            }
            download(env, rows);
        }
    }

    static void generate(Path csv, int rows) throws IOException {
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("id,name,email,age,score,ratio,active,born,updated_at,token\n");
            LocalDate epoch = LocalDate.of(1950, 1, 1);
            for (int i = 1; i <= rows; i++) {
                out.write(i + ",\"Person " + i + ", the " + (i % 7) + "th\",person" + i + "@example.com," + (i % 97)
                        + "," + (i % 100000) + "." + (i % 1000) + "," + (i % 13) / 7.0 + "," + (i % 2 == 0)
                        + "," + epoch.plusDays(i % 20000) + ",2024-05-01T10:" + String.format("%02d", i % 60)
                        + ":00.123," + new UUID(i, i * 31L) + "\n");
            }
        }
    }

    /** The download direction: a query job over the whole table, then its CSV streamed and counted. */
    private static void download(BenchEnvironment env, int rows) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> created = env.http.send(HttpRequest.newBuilder(env.uri(BenchEnvironment.BASE
                        + "/bulk/query?q=" + URLEncoder.encode("select * from bench_rows", StandardCharsets.UTF_8)))
                .header("Authorization", BenchEnvironment.AUTH).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        String id = BenchEnvironment.find(ID, created.body());
        awaitEnd(env, id);
        HttpResponse<InputStream> csv = env.http.send(HttpRequest.newBuilder(env.uri(BenchEnvironment.BASE + "/bulk/" + id
                        + "/bench_rows")).header("Authorization", BenchEnvironment.AUTH).header("Accept", "text/csv").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(csv.body(), StandardCharsets.UTF_8))) {
            while (reader.readLine() != null) {
                lines++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "download: %,d lines (header + rows; quoted newlines count twice) in %.1f s"
                + "  throughput: %,.0f rows/s%n", lines, seconds, rows / seconds);
        System.out.printf(Locale.ROOT, "service peak RSS after the download: %d MiB (VmHWM)%n", env.servicePeakRssMib());
    }

    private static String awaitEnd(BenchEnvironment env, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
        while (System.nanoTime() < deadline) {
            String body = env.get(BenchEnvironment.BASE + "/bulk/" + id + "/status").body();
            String state = BenchEnvironment.find(STATUS, body);
            if (!state.equals("CREATED") && !state.equals("RUNNING")) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("job " + id + " did not end within an hour");
    }

    private LoadBenchmark() {
    }
}
