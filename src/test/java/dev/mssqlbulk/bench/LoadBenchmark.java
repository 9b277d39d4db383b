package dev.mssqlbulk.bench;

import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
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
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a generated CSV (N rows x 10 mixed-type columns) through the packaged service into a standalone emulator
 * process, and prints rows/s, the service's CPU seconds per million rows and its peak RSS. A benchmark, not a
 * test: run it with {@code ./mvnw package -Pbench -Dbench.rows=100000} (see README).
 */
public final class LoadBenchmark {

    private static final String AUTH = "Element bench-token, User bench-secret";
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");
    private static final Pattern SUCCEEDED = Pattern.compile("\"recordsSucceededCount\":(\\d+)");
    private static final Pattern FAILED = Pattern.compile("\"recordsFailedCount\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\":\"(\\d+)\"");
    private static final long CLOCK_TICKS = 100;

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(System.getProperty("bench.rows", "100000"));
        int batch = Integer.parseInt(System.getProperty("bench.batch", "1000"));
        Path app = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        Path work = Files.createTempDirectory("mssql-bulk-bench");
        Path csv = work.resolve("bench.csv");
        Path schema = work.resolve("bench.sql");
        Files.writeString(schema, """
                CREATE TABLE [dbo].[bench_rows] (
                  [id] BIGINT NOT NULL PRIMARY KEY, [name] NVARCHAR(60) NOT NULL, [email] NVARCHAR(120) NULL,
                  [age] INT NULL, [score] DECIMAL(12,3) NULL, [ratio] FLOAT NULL, [active] BIT NULL,
                  [born] DATE NULL, [updated_at] DATETIME2(3) NULL, [token] UNIQUEIDENTIFIER NULL
                )""");
        long started = System.nanoTime();
        generate(csv, rows);
        System.out.printf(Locale.ROOT, "generated %,d rows (%,d bytes) in %.1f s%n", rows, Files.size(csv),
                (System.nanoTime() - started) / 1e9);

        int dbPort = freePort();
        int httpPort = freePort();
        Process emulator = new ProcessBuilder(java(), "-Xmx6g", "-cp", System.getProperty("java.class.path"),
                "dev.mssqlbulk.emulator.EmulatorMain", "--port", String.valueOf(dbPort), "--user", "sa",
                "--password", "Bench#1", "--init", schema.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("emulator.log").toFile()).start();
        Process service = null;
        try {
            waitForPort(dbPort, emulator);
            ProcessBuilder builder = new ProcessBuilder(java(), "-jar", app.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("service.log").toFile());
            var env = builder.environment();
            env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
            env.put("MSSQL_BULK_STAGING_DIRECTORY", work.resolve("staging").toString());
            env.put("MSSQL_BULK_INSTANCES_BENCH_URL", "sqlserver://127.0.0.1:" + dbPort + "/master");
            env.put("MSSQL_BULK_INSTANCES_BENCH_USERNAME", "sa");
            env.put("MSSQL_BULK_INSTANCES_BENCH_PASSWORD", "Bench#1");
            env.put("MSSQL_BULK_INSTANCES_BENCH_ELEMENT_TOKEN", "bench-token");
            env.put("MSSQL_BULK_INSTANCES_BENCH_USER_SECRETS", "bench-secret");
            service = builder.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + httpPort;
            waitReady(http, base, service);
            long cpuBefore = cpuTicks(service.pid());

            long uploadStart = System.nanoTime();
            String id = upload(http, base, csv, batch);
            String status = awaitEnd(http, base, id);
            double seconds = (System.nanoTime() - uploadStart) / 1e9;
            double cpu = (cpuTicks(service.pid()) - cpuBefore) / (double) CLOCK_TICKS;

            long succeeded = Long.parseLong(find(SUCCEEDED, status));
            System.out.println("final status: " + status);
            System.out.printf(Locale.ROOT, "rows=%d batch=%d succeeded=%d failed=%s%n", rows, batch, succeeded,
                    find(FAILED, status));
            System.out.printf(Locale.ROOT, "wall: %.1f s  throughput: %,.0f rows/s%n", seconds, rows / seconds);
            System.out.printf(Locale.ROOT, "service CPU: %.1f s  = %.1f CPU s per million rows%n", cpu,
                    cpu * 1_000_000 / rows);
            System.out.printf(Locale.ROOT, "service peak RSS: %d MiB (VmHWM)%n", peakRssKib(service.pid()) / 1024);
            if (succeeded != rows) {
                throw new IllegalStateException("not every row was loaded; see " + work);
            }
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor();
            }
            emulator.destroy();
            emulator.waitFor();
        }
    }

    private static void generate(Path csv, int rows) throws IOException {
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

    private static String upload(HttpClient http, String base, Path csv, int batch) throws Exception {
        String boundary = "bench" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metaData\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"bulkUploadRecordSize\":" + batch + "}\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/elements/api-v2/hubs/db/bulk/bench_rows"))
                .header("Authorization", AUTH)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(csv), HttpRequest.BodyPublishers.ofString(tail)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("upload failed: " + response.statusCode() + " " + response.body());
        }
        return find(ID, response.body());
    }

    private static String awaitEnd(HttpClient http, String base, String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/elements/api-v2/hubs/db/bulk/" + id + "/status"))
                .header("Authorization", AUTH).build();
        long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
        while (System.nanoTime() < deadline) {
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            String state = find(STATUS, body);
            if (!state.equals("CREATED") && !state.equals("RUNNING")) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("job " + id + " did not end within an hour");
    }

    private static void waitReady(HttpClient http, String base, Process service) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build();
        for (int i = 0; i < 600; i++) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited; see its log");
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service did not become ready");
    }

    private static void waitForPort(int port, Process process) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the emulator exited; see its log");
            }
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the emulator did not listen on " + port);
    }

    /** utime + stime of a process, in clock ticks, from /proc/PID/stat (Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Peak resident set size in KiB, from /proc/PID/status (Linux). */
    static long peakRssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected reply: " + text);
        }
        return matcher.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private LoadBenchmark() {
    }
}
