package dev.mssqlbulk.staging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * With object storage, readiness also follows the bucket: a replica that cannot reach it could accept no upload
 * (each would be answered 503) and run no job, so traffic goes to replicas that can. The probe is one cheap request
 * (is there an object under a key the service never writes?): any answer, found or not, is up; an unreachable store,
 * a refusal or a timeout is down. The directory store has no such check (its disk is the pod's own), so the
 * readiness of the embedded run is unchanged.
 */
@ApplicationScoped
public class StagingReadiness {

    static final String NAME = "staging";
    /** A valid key the service never stages under (not {@code <instance-dir>/<id>.<ext>}). */
    static final String PROBE_KEY = "readiness-probe";

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final StagingStore store;
    private final HealthRegistry readiness;
    private final boolean objectStorage;

    public StagingReadiness(StagingStore store, @Readiness HealthRegistry readiness, StagingConfig config) {
        this.store = store;
        this.objectStorage = config.type() != StagingConfig.Type.DIRECTORY;
        this.readiness = readiness;
    }

    void onStart(@Observes StartupEvent event) {
        if (objectStorage) {
            readiness.register(NAME, this::call);
        }
    }

    Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        store.exists(PROBE_KEY);
                        return HealthCheckResponse.named(NAME).up().build();
                    } catch (IOException | RuntimeException e) {
                        return HealthCheckResponse.named(NAME)
                                .down()
                                .withData("error", e.getClass().getSimpleName())
                                .build();
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem()
                .after(TIMEOUT)
                .recoverWithItem(() -> HealthCheckResponse.named(NAME)
                        .down()
                        .withData("error", "timeout")
                        .build());
    }
}
