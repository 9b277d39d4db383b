package dev.mssqlbulk.upload;

import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.WriteMode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run blocking JDBC bulk copies: one per job that can run at once on an instance that may bulk
 * copy, so a copy never waits for a thread and never runs on an event loop or the shared worker pool. A job
 * hands one batch at a time to its thread and reads the next batch only when that one is committed: the
 * pipeline's back-pressure bounds the rows in memory.
 */
@ApplicationScoped
public class BulkCopyWorkers {

    private final ExecutorService executor;

    public BulkCopyWorkers(BulkConfig config) {
        int threads = config.instances().values().stream()
                .filter(instance -> instance.writeMode() != WriteMode.BATCH)
                .mapToInt(BulkConfig.InstanceConfig::maxConcurrentJobs)
                .sum();
        AtomicInteger number = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "bulk-copy-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = Executors.newFixedThreadPool(Math.max(1, threads), factory);
    }

    public ExecutorService executor() {
        return executor;
    }

    @PreDestroy
    void close() {
        executor.shutdown();
    }
}
