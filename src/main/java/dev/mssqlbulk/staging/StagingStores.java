package dev.mssqlbulk.staging;

import dev.mssqlbulk.instance.BulkConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * The one {@link StagingStore} of the service, chosen by {@code mssql-bulk.staging.type}: the staging directory
 * ({@code mssql-bulk.staging-directory}) by default, or the configured bucket. An {@code s3} store without a bucket
 * fails at its first use with the key to set.
 */
@ApplicationScoped
public class StagingStores {

    private static final Logger LOG = Logger.getLogger(StagingStores.class);

    @Produces
    @ApplicationScoped
    StagingStore store(StagingConfig staging, BulkConfig bulk) {
        StagingStore store = switch (staging.type()) {
            case DIRECTORY -> new DirectoryStagingStore(bulk.stagingDirectory());
            case S3 -> new S3StagingStore(S3StagingStore.Settings.from(staging.s3()));
        };
        LOG.infof("Staging store: %s", store.describe());
        return store;
    }

    void close(@Disposes StagingStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
