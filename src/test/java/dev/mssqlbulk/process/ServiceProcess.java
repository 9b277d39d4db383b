package dev.mssqlbulk.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One replica of the packaged service as a child process: {@code java -jar quarkus-run.jar} with the given system
 * properties, its own HTTP port and log file, started and restarted (same or another node id) by the test, killed with
 * {@code SIGKILL} ({@link #kill9()}), paused and resumed with {@code SIGSTOP}/{@code SIGCONT}. Every process still
 * running when the test JVM exits is killed by a shutdown hook, so a failed test leaves no orphan behind.
 */
public final class ServiceProcess implements AutoCloseable {
    /** SIGKILL's exit status as the JVM reports it on Linux (128 + 9). */
    public static final int KILLED = 137;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> RUNNING.forEach(ServiceProcess::killTree), "service-process-reaper"));
    }

    private final Path jar;
    private final Map<String, String> properties;
    private final List<String> jvmOptions;
    private final Path logDirectory;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // read without the lock (status pollers must not wait while another thread starts this process)
    private volatile String nodeId;
    private volatile Process process;
    private volatile int httpPort;
    private volatile int managementPort;
    private volatile Path log;
    private volatile boolean paused;
    private volatile boolean starting;
    private int starts;

    /**
     * @param properties system properties of the service ({@code mssql-bulk.*}, {@code quarkus.*}); the node id and
     *                   the HTTP port are set per start
     */
    public ServiceProcess(
            Path jar, String nodeId, Map<String, String> properties, List<String> jvmOptions, Path logDirectory) {
        this.jar = jar;
        this.nodeId = nodeId;
        this.properties = new LinkedHashMap<>(properties);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logDirectory = logDirectory;
    }

    /** The runnable jar that {@code ./mvnw package} builds ({@code -Dservice.jar} overrides it). */
    public static Path packagedJar() {
        Path jar = Path.of(System.getProperty("service.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar.toAbsolutePath() + " is missing: run ./mvnw package (./mvnw verify does)");
        }
        return jar;
    }

    /** Starts the process (it must not be running) and waits until {@code /q/health/live} answers 200. */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(nodeId + " is running");
        }
        httpPort = freePort();
        managementPort = freePort();
        starts++;
        log = logDirectory.resolve(nodeId + "-" + starts + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dmssql-bulk.node-id=" + nodeId);
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.management.port=" + managementPort); // health and metrics listen apart
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logDirectory);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RUNNING.add(process);
        paused = false;
        starting = true;
        try {
            awaitLive();
        } finally {
            starting = false;
        }
        return this;
    }

    /** Starts it again under another node id (or the same). */
    public synchronized ServiceProcess restart(String nodeId) {
        this.nodeId = nodeId;
        return start();
    }

    /** Kills the process with SIGKILL (no shutdown hook, no graceful stop) and returns its exit status, 137. */
    public synchronized int kill9() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(nodeId + " is not running");
        }
        p.destroyForcibly(); // SIGKILL on Linux (ProcessImpl.destroy(true))
        int status = waitFor(p);
        RUNNING.remove(p);
        paused = false;
        if (status != KILLED) {
            throw new IllegalStateException(nodeId + " ended with " + status + ", not by SIGKILL");
        }
        return status;
    }

    /** Stops the process with SIGSTOP: it holds its sockets and its jobs, answers nothing, renews no lease. */
    public synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Running, started (live) and not paused. */
    public boolean isServing() {
        return isAlive() && !paused && !starting;
    }

    public String nodeId() {
        return nodeId;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** A path on the public port (the API); health and metrics are on the management port. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            killTree(process);
            waitFor(process);
            RUNNING.remove(process);
        }
    }

    private void awaitLive() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/live"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        nodeId + " exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                if (http.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException(nodeId + " not live after " + START_TIMEOUT + "; see " + log);
    }

    private void signal(String name) {
        if (!isAlive()) {
            throw new IllegalStateException(nodeId + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL to the process and anything it started (a stopped process dies of SIGKILL too). */
    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static int waitFor(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("process " + p.pid() + " did not end");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
