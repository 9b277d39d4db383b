package dev.mssqlbulk.instance;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Ready when every instance's database answers (it is asked what server it is, which also proves that). With
 * {@code mssql-bulk.health.details} (the management interface's default) each instance is reported by name with its
 * error and the server it runs on; without, only how many are down, since the endpoint is unauthenticated and
 * instance names, servers and driver messages are for operators only.
 */
@Readiness
public class DatabaseReadiness implements AsyncHealthCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Instances instances;
    private final boolean details;

    public DatabaseReadiness(Instances instances, BulkConfig config) {
        this.instances = instances;
        this.details = config.health().details();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Uni<String>> probes =
                instances.all().stream().map(DatabaseReadiness::probe).toList();
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("databases").up();
        if (probes.isEmpty()) {
            return Uni.createFrom().item(response.build());
        }
        return Uni.join().all(probes).andCollectFailures().map(results -> {
            List<Instance> all = List.copyOf(instances.all());
            int down = 0;
            for (int i = 0; i < all.size(); i++) {
                String result = results.get(i);
                if (details) {
                    response.withData(all.get(i).name(), result);
                    response.withData(
                            all.get(i).name() + ".server",
                            all.get(i).serverIdentity().describe());
                }
                if (!"UP".equals(result)) {
                    down++;
                    LOG.debugf("Instance '%s' is not ready: %s", all.get(i).name(), result);
                }
            }
            if (down > 0) {
                response.down();
            }
            return response.withData("down", down).build();
        });
    }

    /** Asks the server what it is, which also proves it answers. */
    private static Uni<String> probe(Instance instance) {
        return ServerIdentification.identify(instance)
                .map(identity -> "UP")
                .ifNoItem()
                .after(TIMEOUT)
                .fail()
                .onFailure()
                .recoverWithItem(f -> "DOWN: " + f.getMessage());
    }
}
