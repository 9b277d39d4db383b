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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Loads a generated CSV (N rows x 10 mixed-type columns) through the packaged service into a standalone emulator
 * process, once per writer ({@code -Dbench.writers=bulk-copy,batch}, each with a fresh service and database), and
 * prints for each rows/s, the service's and the database's CPU seconds per million rows and the service's peak RSS,
 * side by side; then one download of the table. A benchmark, not a test: run it with
 * {@code ./mvnw package -Pbench -Dbench.rows=100000} (see README); {@code -Dbench.jvm="-Xmx128m"} passes JVM
 * options to the service.
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

    /** One writer's run over the file. */
    private record Result(String writer, double seconds, long succeeded, double serviceCpu, double databaseCpu,
                          long peakRssMib) {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(System.getProperty("bench.rows", "100000"));
        int batch = Integer.parseInt(System.getProperty("bench.batch", "1000"));
        List<String> writers = List.of(System.getProperty("bench.writers", "bulk-copy,batch").split(","));
        boolean download = Boolean.parseBoolean(System.getProperty("bench.download", "true"));
        Path app = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        Path csv = Files.createTempDirectory("mssql-bulk-bench-file").resolve("bench.csv");
        long started = System.nanoTime();
        generate(csv, rows);
        System.out.printf(Locale.ROOT, "generated %,d rows (%,d bytes) in %.1f s%n", rows, Files.size(csv),
                (System.nanoTime() - started) / 1e9);
        List<Result> results = new ArrayList<>();
        for (String writer : writers) {
            // a fresh service and database per writer: peak RSS and CPU belong to that writer alone
            try (BenchEnvironment env = BenchEnvironment.start(app, SCHEMA, System.getProperty("bench.jvm", ""),
                    Map.of("MSSQL_BULK_INSTANCES_BENCH_WRITE_MODE", writer.trim()))) {
                Result result = load(env, writer.trim(), csv, batch);
                results.add(result);
                if (result.succeeded != rows) {
                    throw new IllegalStateException(writer + ": not every row was loaded; see " + env.work);
                }
                if (download) {
                    download(env, rows);
                    download = false;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n%,d rows x 10 columns, batches of %d, service JVM options '%s'%n", rows, batch,
                System.getProperty("bench.jvm", ""));
        System.out.printf(Locale.ROOT, "%-10s %12s %10s %18s %20s %14s%n", "writer", "rows/s", "wall s",
                "service CPU s/M", "database CPU s/M", "peak RSS MiB");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-10s %,12.0f %10.1f %18.1f %20.1f %14d%n", r.writer, rows / r.seconds,
                    r.seconds, r.serviceCpu * 1_000_000 / rows, r.databaseCpu * 1_000_000 / rows, r.peakRssMib);
        }
    }

    private static Result load(BenchEnvironment env, String writer, Path csv, int batch) throws Exception {
        double cpuBefore = env.serviceCpuSeconds();
        double databaseBefore = env.emulatorCpuSeconds();
        long uploadStart = System.nanoTime();
        String id = env.upload("bench_rows", csv, "{\"bulkUploadRecordSize\":" + batch + "}", null, null);
        String status = awaitEnd(env, id);
        double seconds = (System.nanoTime() - uploadStart) / 1e9;
        Result result = new Result(writer, seconds, Long.parseLong(BenchEnvironment.find(SUCCEEDED, status)),
                env.serviceCpuSeconds() - cpuBefore, env.emulatorCpuSeconds() - databaseBefore, env.servicePeakRssMib());
        System.out.println(writer + ": final status: " + status);
        System.out.printf(Locale.ROOT, "%s: wall %.1f s, %,.0f rows/s, service CPU %.1f s, peak RSS %d MiB, failed %s%n",
                writer, seconds, result.succeeded / seconds, result.serviceCpu, result.peakRssMib,
                BenchEnvironment.find(FAILED, status));
        return result;
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
