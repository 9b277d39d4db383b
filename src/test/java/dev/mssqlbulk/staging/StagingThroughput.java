package dev.mssqlbulk.staging;

import dev.mssqlbulk.testing.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Rough throughput of each store on this machine: an upload of {@code size} MiB stored ({@link StagingStore#put}),
 * read back whole and from its middle, and written as a result file. Not a test; run by hand:
 * {@code java -cp <test class path> dev.mssqlbulk.staging.StagingThroughput [MiB]}. S3Proxy runs in the same JVM, so
 * its figures include the server's own work.
 */
public final class StagingThroughput {

    private StagingThroughput() {}

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Path scratch = Files.createTempDirectory("staging-throughput");
        byte[] chunk = new byte[1024 * 1024];
        new Random(1).nextBytes(chunk);
        try (S3ProxyServer memory = S3ProxyServer.start("bench");
                S3ProxyServer files =
                        S3ProxyServer.start("bench", Files.createDirectories(scratch.resolve("s3proxy")))) {
            for (int round = 0; round < 2; round++) { // the first round warms up
                boolean report = round == 1;
                measure("directory", new DirectoryStagingStore(scratch.resolve("dir")), scratch, chunk, mib, report);
                try (S3StagingStore a = new S3StagingStore(memory.settings(memory.endpoint(), "p"));
                        S3StagingStore b = new S3StagingStore(files.settings(files.endpoint(), "p"))) {
                    measure("s3proxy-memory", a, scratch, chunk, mib, report);
                    measure("s3proxy-filesystem", b, scratch, chunk, mib, report);
                }
            }
        }
    }

    private static void measure(String name, StagingStore store, Path scratch, byte[] chunk, int mib, boolean report)
            throws IOException {
        Path local = scratch.resolve("upload.tmp");
        try (OutputStream out = Files.newOutputStream(local)) {
            for (int i = 0; i < mib; i++) {
                out.write(chunk);
            }
        }
        long t0 = System.nanoTime();
        store.put("inst/1.csv", local);
        long t1 = System.nanoTime();
        long read;
        try (InputStream in = store.open("inst/1.csv", 0)) {
            read = in.transferTo(OutputStream.nullOutputStream());
        }
        long t2 = System.nanoTime();
        long half;
        try (InputStream in = store.open("inst/1.csv", (long) mib * chunk.length / 2)) {
            half = in.transferTo(OutputStream.nullOutputStream());
        }
        long t3 = System.nanoTime();
        try (StagingOutput out = store.create("inst/1.result.jsonl")) {
            for (int i = 0; i < mib; i++) {
                out.write(chunk);
            }
            out.commit();
        }
        long t4 = System.nanoTime();
        store.delete("inst/1.csv");
        store.delete("inst/1.result.jsonl");
        if (report) {
            System.out.printf(
                    "%-19s %4d MiB  put %7.1f MiB/s  read %7.1f MiB/s  read from middle %7.1f MiB/s"
                            + "  result write %7.1f MiB/s%n",
                    name, mib, rate(mib, t1 - t0), rate(read, t2 - t1), rate(half, t3 - t2), rate(mib, t4 - t3));
        }
    }

    private static double rate(long bytesOrMib, long nanos) {
        double mib = bytesOrMib > 1024 * 1024 ? bytesOrMib / (1024.0 * 1024) : bytesOrMib;
        return mib / (nanos / 1e9);
    }
}
