package dev.mssqlbulk.bench;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * High-concurrency load on loopback, bounded in time: C client threads read job status while U threads upload
 * small files, for D seconds; prints each kind's throughput and p50/p99 latency and the 429s seen.
 * {@code ./mvnw package -Pbench -Dbench.main=dev.mssqlbulk.bench.ConcurrencyBenchmark} (see README).
 */
public final class ConcurrencyBenchmark {

    public static void main(String[] args) throws Exception {
        int readers = Integer.parseInt(System.getProperty("bench.readers", "32"));
        int uploaders = Integer.parseInt(System.getProperty("bench.uploaders", "4"));
        int seconds = Math.min(120, Integer.parseInt(System.getProperty("bench.seconds", "20")));
        Path app = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        try (BenchEnvironment env = BenchEnvironment.start(
                app,
                LoadBenchmark.SCHEMA,
                System.getProperty("bench.jvm", ""),
                Map.of("MSSQL_BULK_INSTANCES_BENCH_MAX_QUEUED_JOBS", "20"))) {
            Path small = env.work.resolve("small.csv");
            LoadBenchmark.generate(small, 50);
            String watched = env.upload("bench_rows", small, "{}", null, null);
            List<Long> reads = Collections.synchronizedList(new ArrayList<>());
            List<Long> uploads = Collections.synchronizedList(new ArrayList<>());
            List<Integer> refused = Collections.synchronizedList(new ArrayList<>());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService clients = Executors.newFixedThreadPool(readers + uploaders);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                running.add(clients.submit(() -> loop(
                        deadline,
                        reads,
                        refused,
                        () -> env.get(BenchEnvironment.BASE + "/bulk/" + watched + "/status"))));
            }
            for (int i = 0; i < uploaders; i++) {
                int client = i;
                running.add(clients.submit(() -> {
                    long[] sequence = {0};
                    loop(deadline, uploads, refused, () -> {
                        // each upload writes ids no other upload writes: a range per client
                        long id = 1_000_000L * (client + 1) + ++sequence[0];
                        Path file = env.work.resolve("upload-" + client + "-" + sequence[0] + ".csv");
                        Files.writeString(file, "id,name\n" + id + ",load\n");
                        upload(env, file);
                        return null;
                    });
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            clients.shutdown();
            report("status reads", reads, seconds);
            report("uploads", uploads, seconds);
            System.out.printf(
                    Locale.ROOT,
                    "429 refusals: %d, other errors: %d%n",
                    refused.stream().filter(c -> c == 429).count(),
                    refused.stream().filter(c -> c != 429).count());
            System.out.printf(Locale.ROOT, "service peak RSS: %d MiB (VmHWM)%n", env.servicePeakRssMib());
        }
    }

    private static void upload(BenchEnvironment env, Path file) throws Exception {
        try {
            env.upload("bench_rows", file, "{}", null, null);
        } catch (IllegalStateException e) {
            if (e.getMessage().contains("429")) {
                throw new Refused(429);
            }
            throw e;
        }
    }

    private interface Call {
        HttpResponse<String> call() throws Exception;
    }

    private static void loop(long deadline, List<Long> latencies, List<Integer> refused, Call call) {
        while (System.nanoTime() < deadline) {
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = call.call();
                if (response != null && response.statusCode() != 200) {
                    refused.add(response.statusCode());
                    continue;
                }
                latencies.add(System.nanoTime() - started);
            } catch (Refused e) {
                refused.add(e.status);
            } catch (Exception e) {
                refused.add(-1);
            }
        }
    }

    private static void report(String what, List<Long> latencies, int seconds) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println(what + ": none completed");
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %,d in %d s = %,.0f/s  p50 %.1f ms  p99 %.1f ms%n",
                what,
                sorted.size(),
                seconds,
                sorted.size() / (double) seconds,
                percentile(sorted, 0.50) / 1e6,
                percentile(sorted, 0.99) / 1e6);
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    private ConcurrencyBenchmark() {}
}
