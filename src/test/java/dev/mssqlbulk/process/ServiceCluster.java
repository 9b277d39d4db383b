package dev.mssqlbulk.process;

import dev.mssqlbulk.emulator.MssqlEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Replicas of the packaged service on one database (an emulator in the test JVM), one instance {@value #INSTANCE},
 * a shared staging directory (so any replica can resume any job) and a short job lease. Closing kills every replica.
 */
public final class ServiceCluster implements AutoCloseable {
    public static final String INSTANCE = "chaos";
    public static final String AUTHORIZATION = "Element chaos-token, User chaos-secret";

    private final Path jar;
    private final Path work;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> jvmOptions;
    private final List<ServiceProcess> nodes = new ArrayList<>();

    /**
     * @param work  a directory under target/ for the staging directory and the replicas' logs
     * @param lease {@code mssql-bulk.job-lease}: how long a silent replica keeps its jobs
     * @param extra more system properties of every replica (override the defaults here)
     */
    public ServiceCluster(MssqlEmulator emulator, Path work, Duration lease, Map<String, String> extra) {
        this.jar = ServiceProcess.packagedJar();
        this.work = work;
        String prefix = "mssql-bulk.instances." + INSTANCE + ".";
        properties.put(prefix + "url", emulator.url());
        properties.put(prefix + "username", emulator.options().user());
        properties.put(prefix + "password", emulator.options().password());
        properties.put(prefix + "element-token", "chaos-token");
        properties.put(prefix + "user-secrets", "chaos-secret");
        properties.put(
                "mssql-bulk.staging-directory",
                work.resolve("staging").toAbsolutePath().toString());
        properties.put("mssql-bulk.job-lease", lease.toSeconds() + "S");
        properties.put("mssql-bulk.retry.initial-backoff", "100ms");
        properties.put("mssql-bulk.retry.max-backoff", "1s");
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.log.console.color", "false");
        properties.putAll(extra);
        this.jvmOptions = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.timezone=UTC");
    }

    /** Starts a new replica under this node id and waits until it is live. */
    public ServiceProcess start(String nodeId) {
        return start(nodeId, Map.of());
    }

    /** As {@link #start(String)}, with properties of this replica only (its own staging directory, say). */
    public ServiceProcess start(String nodeId, Map<String, String> own) {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putAll(own);
        ServiceProcess node = new ServiceProcess(jar, nodeId, merged, jvmOptions, work.resolve("logs"));
        synchronized (this) {
            nodes.add(node);
        }
        return node.start();
    }

    public synchronized List<ServiceProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** A replica that is running and not paused, at random; null if none. */
    public synchronized ServiceProcess anyServing(Random random) {
        List<ServiceProcess> serving =
                nodes.stream().filter(ServiceProcess::isServing).toList();
        return serving.isEmpty() ? null : serving.get(random.nextInt(serving.size()));
    }

    public Path work() {
        return work;
    }

    @Override
    public synchronized void close() {
        nodes.forEach(ServiceProcess::close);
    }
}
