package dev.mssqlbulk.process;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mssqlbulk.emulator.EmulatorOptions;
import dev.mssqlbulk.emulator.MssqlEmulator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 12's promise on real processes: three replicas on one database with a 3-second lease, 20 upload jobs (some
 * rows refused by a CHECK constraint on the server, some by conversion in the service, counts known), while the test
 * keeps killing replicas with SIGKILL and restarting them, and once stops one with SIGSTOP for longer than the lease
 * before SIGCONT. When every job has ended: every job COMPLETE, each table holds every good row exactly once and no
 * bad row, each job's counts add up, and no job was ever seen COMPLETE with two different counts. Bounded: gives up
 * after {@code -Dchaos.timeout} (default 8 minutes) naming the jobs that had not ended.
 */
class ReplicaChaosIT {
    static final int JOBS = Integer.getInteger("chaos.jobs", 20);
    static final int MIN_ROWS = Integer.getInteger("chaos.minRows", 5_000);
    static final int MAX_ROWS = Integer.getInteger("chaos.maxRows", 20_000);
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration TIMEOUT = Duration.parse(System.getProperty("chaos.timeout", "PT8M"));
    static final List<String> TABLES = List.of("orders_a", "orders_b", "orders_c");
    static final List<String> NODES = List.of("replica-1", "replica-2", "replica-3");

    /** One upload: its table, its id range (base + 1 .. base + rows) and its bad rows. */
    record Job(
            int index, String table, int base, int rows, Set<Integer> refusedByServer, Set<Integer> refusedByService) {
        int bad() {
            return refusedByServer.size() + refusedByService.size();
        }

        int good() {
            return rows - bad();
        }
    }

    @Test
    void everyJobCompletesOnceWithEveryGoodRowWrittenOnceWhileReplicasDie() throws Exception {
        Path work = Path.of("target", "chaos", "replicas").toAbsolutePath();
        Files.createDirectories(work);
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> actions = new ArrayList<>();
        log(actions, "seed " + seed + " (-Dchaos.seed)");
        Instant started = Instant.now();
        Map<String, Set<String>> completions = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = null;
        try (MssqlEmulator emulator = MssqlEmulator.start(EmulatorOptions.defaults());
                // one job at a time per replica: the others queue, and queued takeovers are where checkpoints rewind
                ServiceCluster cluster = new ServiceCluster(
                        emulator,
                        work,
                        LEASE,
                        Map.of("mssql-bulk.instances." + ServiceCluster.INSTANCE + ".max-concurrent-jobs", "1"))) {
            for (String table : TABLES) {
                emulator.executeScript("CREATE TABLE [dbo].[" + table + "] ([id] INT NOT NULL PRIMARY KEY,"
                        + " [customer] NVARCHAR(50) NOT NULL, [amount] INT NOT NULL CHECK ([amount] >= 0))");
            }
            EmulatorDatabase db = new EmulatorDatabase(emulator);
            ServiceClient client = new ServiceClient();
            for (String node : NODES) {
                cluster.start(node);
            }
            List<Job> planned = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            for (int j = 0; j < JOBS; j++) {
                Job job = job(j, random);
                planned.add(job);
                files.add(write(job, work.resolve("job-" + j + ".csv")));
            }
            log(
                    actions,
                    JOBS + " jobs to upload: "
                            + planned.stream().mapToInt(Job::rows).sum() + " rows, "
                            + planned.stream().mapToInt(Job::bad).sum() + " of them bad");
            // uploads go on in the background while the chaos starts
            Map<String, Job> jobs = new ConcurrentSkipListMap<>();
            long uploadSeed = random.nextLong();
            CompletableFuture<Void> uploads = CompletableFuture.runAsync(() -> {
                Random uploadRandom = new Random(uploadSeed);
                for (int j = 0; j < JOBS; j++) {
                    try {
                        jobs.put(upload(cluster, client, uploadRandom, planned.get(j), files.get(j)), planned.get(j));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                log(actions, "all " + JOBS + " jobs uploaded");
            });
            Map<String, JsonNode> last = new ConcurrentHashMap<>();
            Map<String, List<String>> owners = new ConcurrentHashMap<>();
            poller = new Thread(
                    () -> poll(cluster, client, db, jobs.keySet(), last, completions, owners, polling, random),
                    "status-poller");
            poller.setDaemon(true);
            poller.start();

            Instant deadline = started.plus(TIMEOUT);
            ExecutorService background = Executors.newCachedThreadPool();
            List<Future<?>> pending = new ArrayList<>();
            boolean paused = false;
            int kills = 0;
            // restarts and the pause run in the background, so the chaos goes on while a replica starts up
            while (!(uploads.isDone() && allEnded(jobs.keySet(), last))
                    && Instant.now().isBefore(deadline)) {
                ServiceProcess.sleep(1000 + random.nextInt(1500));
                List<ServiceProcess> serving = cluster.nodes().stream()
                        .filter(ServiceProcess::isServing)
                        .toList();
                if (serving.size() < 2) {
                    continue; // keep one replica answering
                }
                ServiceProcess victim = serving.get(random.nextInt(serving.size()));
                if (!paused) {
                    String busiest =
                            db.string("SELECT TOP 1 [owner] FROM [dbo].[mssql_bulk_job] WHERE [status] = 'RUNNING'"
                                    + " GROUP BY [owner] ORDER BY COUNT(*) DESC");
                    if (busiest == null) {
                        continue; // pause a replica while it runs jobs
                    }
                    victim = serving.stream()
                            .filter(n -> n.nodeId().equals(busiest))
                            .findFirst()
                            .orElse(victim);
                    paused = true;
                    victim.pause();
                    log(
                            actions,
                            "SIGSTOP " + victim.nodeId() + " for " + (LEASE.toSeconds() + 5) + " s ("
                                    + ended(jobs.keySet(), last) + "/" + JOBS + " jobs ended)");
                    ServiceProcess stopped = victim;
                    pending.add(background.submit(() -> {
                        ServiceProcess.sleep(LEASE.toMillis() + 5000);
                        stopped.resume();
                        log(actions, "SIGCONT " + stopped.nodeId());
                    }));
                    continue;
                }
                victim.kill9();
                kills++;
                log(
                        actions,
                        "SIGKILL " + victim.nodeId() + " (" + ended(jobs.keySet(), last) + "/" + JOBS + " jobs ended)");
                int delay = random.nextInt(2000);
                ServiceProcess killed = victim;
                pending.add(background.submit(() -> {
                    ServiceProcess.sleep(delay);
                    killed.restart(killed.nodeId());
                    log(actions, "restarted " + killed.nodeId());
                }));
            }
            background.shutdown();
            uploads.get(1, TimeUnit.MINUTES); // an upload that failed fails the test here
            for (Future<?> f : pending) {
                f.get(3, TimeUnit.MINUTES); // a restart that failed fails the test here
            }
            log(actions, kills + " kills, " + (paused ? 1 : 0) + " pause");
            polling.set(false);
            poller.join(10_000);
            if (!allEnded(jobs.keySet(), last)) {
                throw new AssertionError("gave up after " + TIMEOUT + ": jobs not ended "
                        + jobs.keySet().stream()
                                .filter(id -> !ServiceClient.ended(last.getOrDefault(id, MISSING)))
                                .map(id -> id + "="
                                        + last.getOrDefault(id, MISSING)
                                                .path("status")
                                                .asText("?"))
                                .toList());
            }
            // the final word, asked of every replica still serving
            for (ServiceProcess node : cluster.nodes()) {
                if (node.isServing()) {
                    for (String id : jobs.keySet()) {
                        observe(id, client.status(node, id), completions);
                    }
                }
            }
            log(actions, "resumes (\"resuming after row\" per replica log): " + resumes(cluster));
            long takeovers =
                    owners.values().stream().mapToLong(h -> h.size() - 1).sum();
            log(actions, takeovers + " takeovers (a job's owner changed), owners per job: " + owners);
            List<Executable> checks = new ArrayList<>();
            long goodRows = 0;
            for (Map.Entry<String, Job> e : jobs.entrySet()) {
                String id = e.getKey();
                Job job = e.getValue();
                JsonNode status = last.get(id);
                String range = "[id] BETWEEN " + (job.base() + 1) + " AND " + (job.base() + job.rows());
                long rows = db.scalar("SELECT COUNT(*) FROM [dbo].[" + job.table() + "] WHERE " + range);
                long distinct =
                        db.scalar("SELECT COUNT(DISTINCT [id]) FROM [dbo].[" + job.table() + "] WHERE " + range);
                long badWritten = db.scalar(
                        "SELECT COUNT(*) FROM [dbo].[" + job.table() + "] WHERE " + range + " AND [amount] < 0");
                goodRows += job.good();
                long succeeded = status.path("recordsSucceededCount").asLong();
                long failed = status.path("recordsFailedCount").asLong();
                log(
                        actions,
                        "job " + id + " (" + job.table() + ", " + job.rows() + " rows, " + job.bad() + " bad): "
                                + status.path("status").asText() + " succeeded " + succeeded + " failed " + failed
                                + "; table holds " + rows + " (" + distinct + " distinct); COMPLETE seen as "
                                + completions.getOrDefault(id, Set.of()));
                String what = "job " + id + ": ";
                checks.add(() -> assertEquals("COMPLETE", status.path("status").asText(), what + status));
                checks.add(() -> assertEquals(job.rows(), succeeded + failed, what + "succeeded + failed"));
                checks.add(() -> assertEquals(job.bad(), failed, what + "failed"));
                checks.add(() -> assertEquals(job.good(), rows, what + "rows in " + job.table()));
                checks.add(() -> assertEquals(job.good(), distinct, what + "distinct ids in " + job.table()));
                checks.add(() -> assertEquals(0, badWritten, what + "bad rows written"));
                checks.add(() -> assertEquals(
                        1,
                        completions.getOrDefault(id, Set.of()).size(),
                        what + "COMPLETE observed with these counts: " + completions.get(id)));
            }
            long total = 0;
            for (String table : TABLES) {
                total += db.scalar("SELECT COUNT(*) FROM [dbo].[" + table + "]");
            }
            long tableRows = total;
            long expected = goodRows;
            log(
                    actions,
                    "totals after " + Duration.between(started, Instant.now()).toSeconds() + " s: " + tableRows
                            + " rows in the tables, " + expected + " good rows uploaded");
            checks.add(() -> assertEquals(expected, tableRows, "rows in all tables"));
            assertAll(checks);
        } finally {
            polling.set(false);
            System.out.println("ReplicaChaosIT:\n  " + String.join("\n  ", actions));
        }
    }

    static final JsonNode MISSING = com.fasterxml.jackson.databind.node.MissingNode.getInstance();

    /** Rows of job j: amount -1 (refused by the CHECK constraint) every 997th row, "x" (not a number) every 1499th. */
    static Job job(int j, Random random) {
        int rows = MIN_ROWS + random.nextInt(MAX_ROWS - MIN_ROWS + 1);
        Set<Integer> server = new ConcurrentSkipListSet<>();
        Set<Integer> service = new ConcurrentSkipListSet<>();
        boolean withBadRows = j % 2 == 0;
        for (int i = 1; i <= rows && withBadRows; i++) {
            if (i % 997 == 0) {
                server.add(i);
            } else if (i % 1499 == 0) {
                service.add(i);
            }
        }
        return new Job(j, TABLES.get(j % TABLES.size()), (j + 1) * 100_000, rows, server, service);
    }

    static Path write(Job job, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,customer,amount\n");
            for (int i = 1; i <= job.rows(); i++) {
                String amount = job.refusedByServer().contains(i)
                        ? "-1"
                        : job.refusedByService().contains(i) ? "x" : Integer.toString(i % 1000);
                out.write((job.base() + i) + ",customer " + i + "," + amount + "\n");
            }
        }
        return file;
    }

    static String upload(ServiceCluster cluster, ServiceClient client, Random random, Job job, Path csv)
            throws Exception {
        IOException lastFailure = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            ServiceProcess node = cluster.anyServing(random);
            try {
                return client.upload(
                        node, job.table(), csv, "{\"bulkUploadRecordSize\": " + (250 + random.nextInt(1750)) + "}");
            } catch (IOException e) {
                lastFailure = e;
                ServiceProcess.sleep(500);
            }
        }
        throw new IllegalStateException("upload of job " + job.index() + " failed", lastFailure);
    }

    /** Polls every job's status from a random serving replica until stopped, recording every COMPLETE seen. */
    static void poll(
            ServiceCluster cluster,
            ServiceClient client,
            EmulatorDatabase db,
            Set<String> ids,
            Map<String, JsonNode> last,
            Map<String, Set<String>> completions,
            Map<String, List<String>> owners,
            AtomicBoolean polling,
            Random seed) {
        Random random = new Random(seed.nextLong());
        while (polling.get()) {
            try {
                db.pairs("SELECT [id], [owner] FROM [dbo].[mssql_bulk_job] WHERE [owner] IS NOT NULL")
                        .forEach((id, owner) -> {
                            List<String> history =
                                    owners.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>());
                            if (history.isEmpty()
                                    || !history.get(history.size() - 1).equals(owner)) {
                                history.add(owner);
                            }
                        });
            } catch (java.sql.SQLException e) {
                // the status table may not exist yet
            }
            for (String id : ids) {
                ServiceProcess node = cluster.anyServing(random);
                if (node == null) {
                    break;
                }
                try {
                    JsonNode status = client.status(node, id);
                    last.put(id, status);
                    observe(id, status, completions);
                } catch (IOException e) {
                    // that replica just died or is busy: the next round asks another
                } catch (InterruptedException e) {
                    return;
                }
            }
            ServiceProcess.sleep(300);
        }
    }

    static void observe(String id, JsonNode status, Map<String, Set<String>> completions) {
        if (status.path("status").asText().equals("COMPLETE")) {
            completions
                    .computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet())
                    .add("succeeded=" + status.path("recordsSucceededCount").asLong() + " failed="
                            + status.path("recordsFailedCount").asLong());
        }
    }

    static boolean allEnded(Set<String> ids, Map<String, JsonNode> last) {
        return ended(ids, last) == ids.size();
    }

    static int ended(Set<String> ids, Map<String, JsonNode> last) {
        return (int) ids.stream()
                .filter(id -> ServiceClient.ended(last.getOrDefault(id, MISSING)))
                .count();
    }

    /** Lines "Job N: resuming after row R" per replica log: restarts resuming their own jobs and takeovers. */
    static Map<String, Long> resumes(ServiceCluster cluster) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (Stream<Path> logs = Files.list(cluster.work().resolve("logs"))) {
            for (Path log : logs.toList()) {
                try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                    counts.put(
                            log.getFileName().toString(),
                            lines.filter(l -> l.contains("resuming after row")).count());
                }
            }
        }
        counts.values().removeIf(n -> n == 0);
        return counts;
    }

    static synchronized void log(List<String> actions, String line) {
        actions.add(line);
        System.out.println("[ReplicaChaosIT] " + line);
    }
}
