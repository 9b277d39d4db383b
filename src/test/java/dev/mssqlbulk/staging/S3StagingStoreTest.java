package dev.mssqlbulk.staging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.S3ProxyServer;
import dev.mssqlbulk.testing.TcpFaultProxy;
import dev.mssqlbulk.testing.TcpFaultProxy.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real S3 API server (S3Proxy, in memory), each test under a prefix of its own; then what the
 * network does to it, through a {@link TcpFaultProxy} in front of the server: refused connections, stalls and cut
 * connections end in {@link StagingUnavailableException} within the configured timeouts, and leave no object.
 */
class S3StagingStoreTest extends StagingStoreContract {

    /** Short enough for tests, long enough for a 5 MiB part on a loaded machine. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    /** Slack for a loaded machine between the timeout and the error reaching the test. */
    static final Duration SLACK = Duration.ofSeconds(3);

    static final AtomicInteger PREFIXES = new AtomicInteger();
    static S3ProxyServer server;

    TcpFaultProxy faults;
    S3StagingStore faulty;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start("staging-test");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    StagingStore newStore() {
        return new S3StagingStore(settings(server.endpoint()));
    }

    S3StagingStore.Settings settings(java.net.URI endpoint) {
        return server.settings(endpoint, "test-" + PREFIXES.incrementAndGet()).withPartSize(PART_SIZE);
    }

    /** A store reaching the server through the fault proxy, with short timeouts and two attempts per request. */
    S3StagingStore faultyStore() {
        faults = TcpFaultProxy.start("127.0.0.1", server.port());
        faulty = new S3StagingStore(settings(faults.endpoint())
                .withTimeouts(Duration.ofSeconds(1), READ_TIMEOUT, ATTEMPT_TIMEOUT, CALL_TIMEOUT, 2));
        return faulty;
    }

    @AfterEach
    void closeFaults() {
        if (faulty != null) {
            faulty.close();
        }
        if (faults != null) {
            faults.close();
        }
    }

    @Test
    void theServiceObjectsLiveUnderTheConfiguredPrefix() throws IOException {
        S3StagingStore.Settings settings = server.settings(server.endpoint(), "/deployment-a/");
        try (S3StagingStore a = new S3StagingStore(settings);
                S3StagingStore whole = new S3StagingStore(server.settings(server.endpoint(), ""))) {
            a.put("inst/1.csv", local(bytes(10, 30)));

            assertTrue(whole.exists("deployment-a/inst/1.csv"));
            assertEquals("inst/1.csv", a.list("").get(0).key());
            assertEquals("s3://staging-test/deployment-a/ at " + server.endpoint(), a.describe());
        }
    }

    @Test
    void theLifecycleRuleExpiresTheServiceObjectsADayAfterTheirRetention() {
        try (S3StagingStore a = new S3StagingStore(server.settings(server.endpoint(), "deployment-b"))) {
            String rule = a.lifecycleConfiguration(Duration.ofHours(60));

            assertTrue(rule.contains("\"Prefix\": \"deployment-b/\""), rule);
            assertTrue(rule.contains("\"Expiration\": {\"Days\": 4}"), rule); // 60 h -> 3 days, plus one
            assertTrue(rule.contains("\"AbortIncompleteMultipartUpload\": {\"DaysAfterInitiation\": 1}"), rule);
        }
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws IOException {
        S3StagingStore store = faultyStore();
        store.put("inst/1.csv", local(bytes(100, 31)));
        faults.refuse();

        Instant start = Instant.now();
        assertThrows(StagingUnavailableException.class, () -> store.size("inst/1.csv"));
        assertThrows(StagingUnavailableException.class, () -> store.put("inst/2.csv", local(bytes(100, 32))));
        assertTrue(Duration.between(start, Instant.now()).compareTo(CALL_TIMEOUT.multipliedBy(2)) < 0);

        faults.pass();
        assertTrue(store.exists("inst/1.csv"), "the store is usable again");
        assertFalse(store.exists("inst/2.csv"));
    }

    @Test
    void aStalledStoreTimesOutAsUnavailableWithinTheCallTimeout() throws IOException {
        S3StagingStore store = faultyStore();
        store.put("inst/1.csv", local(bytes(100, 33)));
        faults.stallAfter(Direction.TO_CLIENT, 0);

        Instant start = Instant.now();
        assertThrows(StagingUnavailableException.class, () -> store.size("inst/1.csv"));
        Duration took = Duration.between(start, Instant.now());

        assertTrue(took.compareTo(READ_TIMEOUT) >= 0, "waited for the store to stay silent: " + took);
        assertTrue(took.compareTo(CALL_TIMEOUT.plus(SLACK)) < 0, "gave up within the call timeout: " + took);
    }

    @Test
    void anUploadCutMidwayIsUnavailableAndLeavesNoObject() throws IOException {
        S3StagingStore store = faultyStore();
        Path local = local(bytes(PART_SIZE * 3, 34));
        faults.cutAfter(Direction.TO_SERVER, PART_SIZE + PART_SIZE / 2); // in the second part

        assertThrows(StagingUnavailableException.class, () -> store.put("inst/1.csv", local));

        assertTrue(Files.exists(local), "the local file stays for the caller to delete");
        faults.pass();
        assertFalse(store.exists("inst/1.csv"), "no half-stored object");
        int discarded = store.discardAbandonedWrites(Instant.now().plus(Duration.ofMinutes(1)));
        assertTrue(discarded <= 1, "at most the one upload whose abort the cut prevented: " + discarded);
        assertEquals(0, store.discardAbandonedWrites(Instant.now().plus(Duration.ofMinutes(1))));
    }

    @Test
    void anUploadStalledMidwayTimesOutAsUnavailable() throws IOException {
        S3StagingStore store = faultyStore();
        Path local = local(bytes(PART_SIZE * 3, 35));
        faults.stallAfter(Direction.TO_SERVER, PART_SIZE + PART_SIZE / 2);

        Instant start = Instant.now();
        assertThrows(StagingUnavailableException.class, () -> store.put("inst/1.csv", local));
        Duration took = Duration.between(start, Instant.now());

        assertTrue(
                took.compareTo(CALL_TIMEOUT.plus(ATTEMPT_TIMEOUT).plus(SLACK)) < 0,
                "gave up within the call timeout and one attempt to abort the upload: " + took);
        faults.pass();
        assertFalse(store.exists("inst/1.csv"), "no half-stored object");
    }

    @Test
    void aResultFileWhoseStoreFailsMidwayLeavesNoObject() throws IOException {
        S3StagingStore store = faultyStore();
        faults.cutAfter(Direction.TO_SERVER, PART_SIZE + PART_SIZE / 2);

        assertThrows(StagingUnavailableException.class, () -> {
            try (StagingOutput out = store.create("inst/1.result.jsonl")) {
                out.write(bytes(PART_SIZE * 3, 36));
                out.commit();
            }
        });

        faults.pass();
        assertFalse(store.exists("inst/1.result.jsonl"));
    }

    @Test
    void aReadCutMidwayEndsWithUnavailableNotWithAShortObject() throws IOException {
        S3StagingStore store = faultyStore();
        byte[] body = bytes(PART_SIZE * 3, 37);
        store.put("inst/1.csv", local(body));
        faults.cutAfter(Direction.TO_CLIENT, PART_SIZE); // headers and part of the body

        long[] read = {0};
        assertThrows(StagingUnavailableException.class, () -> {
            try (InputStream in = store.open("inst/1.csv", 0)) {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    read[0] += n;
                }
            }
        });

        assertTrue(read[0] > 0 && read[0] < body.length, "cut in the middle: " + read[0]);
        faults.pass();
        int resume = (int) read[0];
        try (InputStream in = store.open("inst/1.csv", resume)) { // what a job resuming from its offset does
            assertArrayEquals(java.util.Arrays.copyOfRange(body, resume, body.length), in.readAllBytes());
        }
    }

    @Test
    void aReadStalledMidwayTimesOutAsUnavailable() throws IOException {
        S3StagingStore store = faultyStore();
        store.put("inst/1.csv", local(bytes(PART_SIZE * 3, 38)));
        faults.stallAfter(Direction.TO_CLIENT, PART_SIZE);

        Instant start = Instant.now();
        assertThrows(StagingUnavailableException.class, () -> {
            try (InputStream in = store.open("inst/1.csv", 0)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        });
        Duration took = Duration.between(start, Instant.now());

        assertTrue(took.compareTo(READ_TIMEOUT.plus(SLACK)) < 0, "gave up after the read timeout: " + took);
    }
}
