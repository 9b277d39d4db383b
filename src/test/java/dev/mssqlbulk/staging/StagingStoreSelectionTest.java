package dev.mssqlbulk.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.S3ProxyResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The service configured with {@code mssql-bulk.staging.type=s3} and the bucket's keys starts (the keys under
 * {@code mssql-bulk.staging.} live next to {@code mssql-bulk.staging-directory} and the rest of the service's
 * configuration without being taken for unknown keys) and stages in the bucket.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
@WithTestResource(S3ProxyResource.class)
class StagingStoreSelectionTest {

    @Inject
    StagingStore store;

    @Test
    void theConfiguredBucketIsTheStagingStore() throws IOException {
        assertTrue(
                store.describe()
                        .startsWith("s3://" + S3ProxyResource.BUCKET + "/" + S3ProxyResource.PREFIX
                                + "/ at http://127.0.0.1:"),
                store.describe());
        Path local = Files.writeString(Files.createTempFile("staging-selection", ".csv"), "a,b\n1,2\n");

        store.put("inst/1.csv", local);

        try (InputStream in = store.open("inst/1.csv", 4)) {
            assertEquals("1,2\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertFalse(Files.exists(local), "uploaded, not copied");
        store.delete("inst/1.csv");
    }
}
