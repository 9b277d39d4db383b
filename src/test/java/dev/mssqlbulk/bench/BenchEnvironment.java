package dev.mssqlbulk.bench;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import dev.mssqlbulk.testing.S3ProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone emulator process with a schema (or a real server, see {@link #start(Path, String, String, Map,
 * boolean, String)}), and the packaged service pointed at it, both on loopback ports, for the benchmarks. Closing
 * stops both.
 */
final class BenchEnvironment implements AutoCloseable {

    static final String AUTH = "Element bench-token, User bench-secret";
    static final String BASE = "/elements/api-v2/hubs/db";
    private static final Pattern ID = Pattern.compile("\"id\":\"(\\d+)\"");
    private static final long CLOCK_TICKS = 100;

    final Path work;
    /**
     * The JDK client's default is HTTP/2, which on http:// asks for an h2c upgrade on the first request of a
     * connection; {@code -Dbench.http=HTTP_1_1} turns that off (an upgrade request's body is what the service
     * must then take in whole; see FINDINGS.md).
     */
    final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.valueOf(System.getProperty("bench.http", "HTTP_2")))
            .build();

    final Database database;
    final boolean pinned;
    private final Process emulator;
    private final Process service;
    /** The object store the service stages in with {@code -Dbench.staging=s3}; null for the staging directory. */
    private final S3ProxyServer objectStore;

    private final int httpPort;
    private final int managementPort;

    private BenchEnvironment(
            Path work,
            Process emulator,
            Process service,
            int httpPort,
            int managementPort,
            Database database,
            boolean pinned,
            S3ProxyServer objectStore) {
        this.objectStore = objectStore;
        this.database = database;
        this.pinned = pinned;
        this.managementPort = managementPort;
        this.work = work;
        this.emulator = emulator;
        this.service = service;
        this.httpPort = httpPort;
    }

    /** Starts both processes, unpinned; {@code jvmOptions} go to the service (e.g. -Xmx128m). */
    static BenchEnvironment start(Path app, String schemaSql, String jvmOptions, Map<String, String> serviceEnv)
            throws Exception {
        return start(app, schemaSql, jvmOptions, serviceEnv, false, "");
    }

    /**
     * Starts the database and the service. With {@code pinned} the database runs on CPU 0 and the service on CPU 1
     * ({@code taskset}), which models a database on another machine on a 2-core box; against a real server (env
     * {@code MSSQL_TEST_URL}, {@code MSSQL_TEST_USER}, {@code MSSQL_TEST_PASSWORD}) no emulator starts, the schema
     * is created there (its table dropped first) and only the service is pinned.
     */
    static BenchEnvironment start(
            Path app,
            String schemaSql,
            String jvmOptions,
            Map<String, String> serviceEnv,
            boolean pinned,
            String emulatorJvm)
            throws Exception {
        Path work = Files.createTempDirectory("mssql-bulk-bench");
        int httpPort = freePort();
        int managementPort = freePort();
        Process emulator = null;
        String url = System.getenv("MSSQL_TEST_URL");
        String user = System.getenv("MSSQL_TEST_USER");
        String password = System.getenv("MSSQL_TEST_PASSWORD");
        boolean real = url != null && !url.isBlank() && user != null && password != null;
        if (!real) {
            Path schema = work.resolve("bench.sql");
            Files.writeString(schema, schemaSql);
            int dbPort = freePort();
            List<String> command = new ArrayList<>(pinned ? List.of("taskset", "-c", "0") : List.of());
            command.addAll(List.of(java(), "-Xmx6g"));
            command.addAll(options(emulatorJvm));
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.mssqlbulk.emulator.EmulatorMain",
                    "--port",
                    String.valueOf(dbPort),
                    "--user",
                    "sa",
                    "--password",
                    "Bench#1",
                    "--init",
                    schema.toString()));
            emulator = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("emulator.log").toFile())
                    .start();
            waitForPort(dbPort, emulator);
            url = "sqlserver://127.0.0.1:" + dbPort + "/master";
            user = "sa";
            password = "Bench#1";
        }
        Database database = new Database(url, user, password);
        if (real) {
            database.createFresh(schemaSql);
        }
        List<String> command = new ArrayList<>(pinned ? List.of("taskset", "-c", "1") : List.of());
        command.add(java());
        command.addAll(options(jvmOptions));
        command.addAll(List.of("-jar", app.toString()));
        System.out.println("service: " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("service.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        // health on a management port of its own (the interface is fixed at build time; 9000 would collide)
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("MSSQL_BULK_STAGING_DIRECTORY", work.resolve("staging").toString());
        env.put("MSSQL_BULK_INSTANCES_BENCH_URL", url);
        env.put("MSSQL_BULK_INSTANCES_BENCH_USERNAME", user);
        env.put("MSSQL_BULK_INSTANCES_BENCH_PASSWORD", password);
        env.put("MSSQL_BULK_INSTANCES_BENCH_ELEMENT_TOKEN", "bench-token");
        env.put("MSSQL_BULK_INSTANCES_BENCH_USER_SECRETS", "bench-secret");
        // -Dbench.staging=s3: uploads and results staged in an S3 API server (S3Proxy, on disk, in this JVM: it takes
        // CPU of its own, on whatever core it runs, so compare figures of the same staging only)
        S3ProxyServer objectStore = null;
        if ("s3".equals(System.getProperty("bench.staging", "directory"))) {
            objectStore = S3ProxyServer.start("bench", Files.createDirectories(work.resolve("bucket")));
            env.putAll(objectStore.stagingEnvironment("bench"));
        }
        env.putAll(serviceEnv);
        BenchEnvironment environment = new BenchEnvironment(
                work, emulator, builder.start(), httpPort, managementPort, database, pinned, objectStore);
        environment.waitReady();
        return environment;
    }

    /** The database the service writes to, as a JDBC client sees it (for the bare loader and between runs). */
    record Database(String url, String user, String password) {

        String jdbcUrl() {
            URI uri = URI.create(url);
            String database = uri.getPath() == null || uri.getPath().length() <= 1
                    ? ""
                    : uri.getPath().substring(1);
            return "jdbc:sqlserver://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 1433)
                    + (database.isEmpty() ? "" : ";databaseName=" + database) + ";encrypt=false";
        }

        void execute(String sql) throws SQLException {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            try (Connection connection = new SQLServerDriver().connect(jdbcUrl(), properties);
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        /** Drops the schema's table if it exists, then creates it (real servers only; the emulator starts empty). */
        void createFresh(String schemaSql) throws SQLException {
            Matcher table = Pattern.compile("CREATE TABLE (\\S+)").matcher(schemaSql);
            if (table.find()) {
                execute("IF OBJECT_ID('" + table.group(1).replace("[", "").replace("]", "")
                        + "') IS NOT NULL DROP TABLE " + table.group(1));
            }
            execute(schemaSql);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** Uploads a file as multipart (streamed from disk) and returns the job id. */
    String upload(String object, Path file, String metaData, String extraHeader, String extraValue) throws Exception {
        String boundary = "bench" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metaData\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + metaData + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName()
                + "\"\r\nContent-Type: text/csv\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(BASE + "/bulk/" + object))
                .header("Authorization", AUTH)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(file),
                        HttpRequest.BodyPublishers.ofString(tail)));
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
        return http.send(
                HttpRequest.newBuilder(uri(path)).header("Authorization", AUTH).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** utime + stime of the service, in seconds, from /proc (Linux). */
    double serviceCpuSeconds() throws IOException {
        return cpuSeconds(service);
    }

    /** utime + stime of the emulator, the database's side of the work; NaN against a real server. */
    double emulatorCpuSeconds() throws IOException {
        return emulator == null ? Double.NaN : cpuSeconds(emulator);
    }

    long servicePid() {
        return service.pid();
    }

    static double cpuSeconds(Process process) throws IOException {
        return cpuSeconds(process.pid());
    }

    /** utime + stime of a process (all its threads), in seconds, from /proc (Linux). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
    }

    /**
     * CPU seconds of a process by thread group (the thread name without its number: {@code bulk-copy},
     * {@code executor-thread}, {@code vert.x-eventloop-thread}, {@code GC Thread}, {@code C2 CompilerThread}...), from
     * /proc/PID/task (Linux). Threads that have ended are missing, so the groups may sum to less than the process.
     */
    static Map<String, Double> cpuSecondsByThreadGroup(long pid) throws IOException {
        Map<String, Double> groups = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
                    groups.merge(name.replaceAll("[-#]?\\d+$", ""), cpu, Double::sum);
                } catch (IOException ended) {
                    // the thread ended while the directory was read
                }
            }
        }
        return groups;
    }

    Map<String, Double> serviceCpuByThreadGroup() throws IOException {
        return cpuSecondsByThreadGroup(service.pid());
    }

    /** Peak resident set size of the service in MiB (VmHWM, Linux). */
    long servicePeakRssMib() throws IOException {
        return peakRssMib(service);
    }

    /** Peak resident set size of a process in MiB (VmHWM, Linux). */
    static long peakRssMib(Process process) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /**
     * Resets a process's peak RSS to its current RSS ({@code 5 > /proc/PID/clear_refs}, Linux 4.0+), so that one
     * long-lived process yields one peak per run.
     */
    static void resetPeakRss(Process process) throws IOException {
        Files.writeString(Path.of("/proc", String.valueOf(process.pid()), "clear_refs"), "5");
    }

    void resetServicePeakRss() throws IOException {
        resetPeakRss(service);
    }

    /** The path of a JVM on this machine (the one running the benchmark). */
    static String javaCommand() {
        return java();
    }

    private static List<String> options(String jvmOptions) {
        return jvmOptions == null || jvmOptions.isBlank()
                ? List.of()
                : List.of(jvmOptions.trim().split("\\s+"));
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
                        URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .build();
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
        if (emulator != null) {
            emulator.destroy();
            emulator.waitFor();
        }
        if (objectStore != null) {
            objectStore.close();
        }
    }
}
