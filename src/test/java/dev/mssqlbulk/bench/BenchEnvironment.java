package dev.mssqlbulk.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone emulator process with a schema, and the packaged service pointed at it, both on loopback ports,
 * for the benchmarks. Closing stops both.
 */
final class BenchEnvironment implements AutoCloseable {

    static final String AUTH = "Element bench-token, User bench-secret";
    static final String BASE = "/elements/api-v2/hubs/db";
    private static final Pattern ID = Pattern.compile("\"id\":\"(\\d+)\"");
    private static final long CLOCK_TICKS = 100;

    final Path work;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process emulator;
    private final Process service;
    private final int httpPort;
    private final int managementPort;

    private BenchEnvironment(Path work, Process emulator, Process service, int httpPort, int managementPort) {
        this.managementPort = managementPort;
        this.work = work;
        this.emulator = emulator;
        this.service = service;
        this.httpPort = httpPort;
    }

    /** Starts both processes; {@code jvmOptions} go to the service (e.g. -Xmx128m). */
    static BenchEnvironment start(Path app, String schemaSql, String jvmOptions, Map<String, String> serviceEnv)
            throws Exception {
        Path work = Files.createTempDirectory("mssql-bulk-bench");
        Path schema = work.resolve("bench.sql");
        Files.writeString(schema, schemaSql);
        int dbPort = freePort();
        int httpPort = freePort();
        int managementPort = freePort();
        Process emulator = new ProcessBuilder(java(), "-Xmx6g", "-cp", System.getProperty("java.class.path"),
                "dev.mssqlbulk.emulator.EmulatorMain", "--port", String.valueOf(dbPort), "--user", "sa",
                "--password", "Bench#1", "--init", schema.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("emulator.log").toFile()).start();
        waitForPort(dbPort, emulator);
        List<String> command = new ArrayList<>(List.of(java()));
        if (!jvmOptions.isBlank()) {
            command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", app.toString()));
        System.out.println("service: " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(work.resolve("service.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        // health on a management port of its own (the interface is fixed at build time; 9000 would collide)
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("MSSQL_BULK_STAGING_DIRECTORY", work.resolve("staging").toString());
        env.put("MSSQL_BULK_INSTANCES_BENCH_URL", "sqlserver://127.0.0.1:" + dbPort + "/master");
        env.put("MSSQL_BULK_INSTANCES_BENCH_USERNAME", "sa");
        env.put("MSSQL_BULK_INSTANCES_BENCH_PASSWORD", "Bench#1");
        env.put("MSSQL_BULK_INSTANCES_BENCH_ELEMENT_TOKEN", "bench-token");
        env.put("MSSQL_BULK_INSTANCES_BENCH_USER_SECRETS", "bench-secret");
        env.putAll(serviceEnv);
        BenchEnvironment environment = new BenchEnvironment(work, emulator, builder.start(), httpPort,
                managementPort);
        environment.waitReady();
        return environment;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** Uploads a file as multipart (streamed from disk) and returns the job id. */
    String upload(String object, Path file, String metaData, String extraHeader, String extraValue) throws Exception {
        String boundary = "bench" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metaData\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + metaData + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName()
                + "\"\r\nContent-Type: text/csv\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(BASE + "/bulk/" + object))
                .header("Authorization", AUTH)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofString(tail)));
        if (extraHeader != null) {
            request.header(extraHeader, extraValue);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("upload failed: " + response.statusCode() + " " + response.body());
        }
        return find(ID, response.body());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", AUTH).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** utime + stime of the service, in seconds, from /proc (Linux). */
    double serviceCpuSeconds() throws IOException {
        return cpuSeconds(service);
    }

    /** utime + stime of the emulator, the database's side of the work. */
    double emulatorCpuSeconds() throws IOException {
        return cpuSeconds(emulator);
    }

    private static double cpuSeconds(Process process) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
    }

    /** Peak resident set size of the service in MiB (VmHWM, Linux). */
    long servicePeakRssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(service.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected reply: " + text);
        }
        return matcher.group(1);
    }

    private void waitReady() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready")).build();
        for (int i = 0; i < 600; i++) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited; see " + work.resolve("service.log"));
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
                throw new IllegalStateException("the emulator exited");
            }
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the emulator did not listen on " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        service.destroy();
        service.waitFor();
        emulator.destroy();
        emulator.waitFor();
    }
}
