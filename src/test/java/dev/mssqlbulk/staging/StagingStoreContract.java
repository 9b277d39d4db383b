package dev.mssqlbulk.staging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link StagingStore} does, run against each implementation by a subclass: whole objects or none,
 * reads from any offset, result writes visible only once committed, listing, deletion and the not-found error.
 * Bodies larger than {@link #PART_SIZE} exercise multipart uploads where the store has them.
 */
abstract class StagingStoreContract {

    /** The part size subclasses configure: S3's (and S3Proxy's) smallest, so that 11 MiB make three parts. */
    static final int PART_SIZE = 5 * 1024 * 1024;

    @TempDir
    Path scratch;

    StagingStore store;

    /** A new, empty store (a fresh prefix or directory for each test). */
    abstract StagingStore newStore() throws IOException;

    @BeforeEach
    void openStore() throws IOException {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void aSmallUploadIsStoredWholeAndTheLocalFileIsConsumed() throws IOException {
        byte[] body = bytes(1000, 1);
        Path local = local(body);

        store.put("inst/1.csv", local);

        assertFalse(Files.exists(local), "the local file is consumed");
        assertTrue(store.exists("inst/1.csv"));
        assertEquals(body.length, store.size("inst/1.csv"));
        assertArrayEquals(body, read("inst/1.csv", 0));
    }

    @Test
    void anUploadOfSeveralPartsIsStoredWhole() throws IOException {
        byte[] body = bytes(PART_SIZE * 2 + PART_SIZE / 2, 2);

        store.put("inst/2.csv", local(body));

        assertEquals(body.length, store.size("inst/2.csv"));
        assertArrayEquals(body, read("inst/2.csv", 0));
    }

    @Test
    void anUploadReplacesTheObjectUnderItsKey() throws IOException {
        store.put("inst/3.csv", local(bytes(5000, 3)));
        byte[] second = bytes(700, 4);

        store.put("inst/3.csv", local(second));

        assertArrayEquals(second, read("inst/3.csv", 0));
    }

    @Test
    void readsStartAtTheGivenOffset() throws IOException {
        byte[] body = bytes(PART_SIZE + 1234, 5);
        store.put("inst/4.jsonl", local(body));

        assertArrayEquals(body, read("inst/4.jsonl", 0));
        int middle = body.length / 2 + 17;
        assertArrayEquals(Arrays.copyOfRange(body, middle, body.length), read("inst/4.jsonl", middle));
        assertArrayEquals(new byte[] {body[body.length - 1]}, read("inst/4.jsonl", body.length - 1));
        assertArrayEquals(new byte[0], read("inst/4.jsonl", body.length));
    }

    @Test
    void aResultFileAppearsOnlyWhenCommitted() throws IOException {
        byte[] body = bytes(PART_SIZE * 2 + 99, 6);
        try (StagingOutput out = store.create("inst/5.result.jsonl")) {
            out.write(body, 0, PART_SIZE + 10);
            out.write(body[PART_SIZE + 10]);
            out.write(body, PART_SIZE + 11, body.length - PART_SIZE - 11);
            assertEquals(body.length, out.written());
            assertFalse(store.exists("inst/5.result.jsonl"), "not visible before commit");
            assertTrue(store.list("inst/").isEmpty(), "not listed before commit");

            out.commit();
        }

        assertArrayEquals(body, read("inst/5.result.jsonl", 0));
    }

    @Test
    void aSmallResultFileIsCommittedToo() throws IOException {
        byte[] body = bytes(10, 7);
        try (StagingOutput out = store.create("inst/6.result.jsonl")) {
            out.write(body);
            out.commit();
        }

        assertArrayEquals(body, read("inst/6.result.jsonl", 0));
    }

    @Test
    void aResultFileClosedWithoutCommitLeavesNothingBehind() throws IOException {
        try (StagingOutput out = store.create("inst/7.result.jsonl")) {
            out.write(bytes(PART_SIZE * 2 + 5, 8)); // parts already sent where the store sends parts
        }

        assertFalse(store.exists("inst/7.result.jsonl"));
        assertTrue(store.list("").isEmpty());
        assertEquals(
                0,
                store.discardAbandonedWrites(Instant.now().plus(Duration.ofMinutes(1))),
                "no unfinished write left to discard");
    }

    @Test
    void aCommittedResultFileReplacesAnEarlierOne() throws IOException {
        store.put("inst/8.result.jsonl", local(bytes(3000, 9)));
        byte[] body = bytes(20, 10);
        try (StagingOutput out = store.create("inst/8.result.jsonl")) {
            out.write(body);
            out.commit();
        }

        assertArrayEquals(body, read("inst/8.result.jsonl", 0));
    }

    @Test
    void writesAbandonedByADeadProcessAreDiscardedAndOnlyThose() throws IOException {
        StagingOutput abandoned = store.create("inst/9.result.jsonl"); // never committed nor closed
        abandoned.write(bytes(PART_SIZE + 1, 11));
        abandoned.flush();
        store.put("inst/10.csv", local(bytes(100, 12)));

        assertEquals(
                0,
                store.discardAbandonedWrites(Instant.now().minus(Duration.ofHours(1))),
                "a recent write is not abandoned");
        assertEquals(1, store.discardAbandonedWrites(Instant.now().plus(Duration.ofMinutes(1))));

        assertEquals(
                List.of("inst/10.csv"),
                store.list("").stream().map(StagedObject::key).toList());
    }

    @Test
    void listingNamesTheObjectsUnderAPrefixWithSizeAndTime() throws IOException {
        Instant before = Instant.now().minus(Duration.ofMinutes(1));
        store.put("a/1.csv", local(bytes(10, 13)));
        store.put("a/2.json", local(bytes(20, 14)));
        store.put("ab/3.csv", local(bytes(30, 15)));
        store.put("b/4.csv", local(bytes(40, 16)));

        List<StagedObject> underA = store.list("a/");

        assertEquals(
                List.of("a/1.csv", "a/2.json"),
                underA.stream().map(StagedObject::key).sorted().toList());
        assertEquals(
                List.of(10L, 20L),
                underA.stream()
                        .sorted((x, y) -> x.key().compareTo(y.key()))
                        .map(StagedObject::size)
                        .toList());
        for (StagedObject object : underA) {
            assertTrue(object.lastModified().isAfter(before), object + " has its modification time");
        }
        assertEquals(4, store.list("").size());
        assertEquals(
                List.of("a/1.csv", "a/2.json", "ab/3.csv"),
                store.list("a").stream().map(StagedObject::key).sorted().toList(),
                "a prefix, not a directory");
        assertTrue(store.list("c/").isEmpty());
    }

    @Test
    void deletingRemovesTheObjectAndAMissingObjectIsNoError() throws IOException {
        store.put("inst/11.csv", local(bytes(10, 17)));

        store.delete("inst/11.csv");
        store.delete("inst/11.csv");
        store.delete("inst/never.csv");

        assertFalse(store.exists("inst/11.csv"));
        assertTrue(store.list("").isEmpty());
    }

    @Test
    void aMissingObjectIsNotFound() throws IOException {
        assertFalse(store.exists("inst/12.csv"));
        StagedObjectNotFoundException size =
                assertThrows(StagedObjectNotFoundException.class, () -> store.size("inst/12.csv"));
        assertInstanceOf(NoSuchFileException.class, size, "callers written for files keep working");
        assertThrows(
                StagedObjectNotFoundException.class,
                () -> store.open("inst/12.csv", 0).close());
        assertThrows(
                StagedObjectNotFoundException.class,
                () -> store.open("inst/12.csv", 5).close());
    }

    @Test
    void keysThatCouldLeaveTheStoreAreRejected() {
        for (String key : List.of("../x.csv", "/etc/passwd", "a/../../x", "a//b", "", "a/.hidden", "a\\b", "a/")) {
            assertThrows(IllegalArgumentException.class, () -> store.exists(key), key);
        }
    }

    byte[] read(String key, long offset) throws IOException {
        try (InputStream in = store.open(key, offset)) {
            return in.readAllBytes();
        }
    }

    Path local(byte[] body) throws IOException {
        Path file = Files.createTempFile(scratch, "upload", ".tmp");
        Files.write(file, body);
        return file;
    }

    static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
