package dev.mssqlbulk.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The contract on a directory, and the directory layout the service has always used. */
class DirectoryStagingStoreTest extends StagingStoreContract {

    Path root;

    @Override
    StagingStore newStore() throws IOException {
        root = Files.createDirectories(scratch.resolve("staging"));
        return new DirectoryStagingStore(root);
    }

    @Test
    void objectsAreFilesAtTheirKeysUnderTheRoot() throws IOException {
        store.put("inst/13.csv", local(bytes(10, 20)));

        assertTrue(Files.isRegularFile(root.resolve("inst").resolve("13.csv")));
    }

    @Test
    void theHttpLayersIncomingUploadsAreNotListed() throws IOException {
        Path incoming = Files.createDirectories(root.resolve(StagingPaths.INCOMING));
        Files.write(incoming.resolve("upload-1"), new byte[10]);
        store.put("inst/14.csv", local(bytes(10, 21)));

        assertEquals(1, store.list("").size());
    }
}
