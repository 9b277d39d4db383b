package dev.mssqlbulk.instance;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.List;

/** Ready when every instance's database answers; each instance is reported by name, with the server it runs on. */
@Readiness
public class DatabaseReadiness implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Instances instances;

    public DatabaseReadiness(Instances instances) {
        this.instances = instances;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Uni<String>> probes = instances.all().stream().map(DatabaseReadiness::probe).toList();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("databases").up();
        if (probes.isEmpty()) {
            return Uni.createFrom().item(response.build());
        }
        return Uni.join().all(probes).andCollectFailures().map(results -> {
            List<Instance> all = List.copyOf(instances.all());
            for (int i = 0; i < all.size(); i++) {
                String result = results.get(i);
                response.withData(all.get(i).name(), result);
                response.withData(all.get(i).name() + ".server", all.get(i).serverIdentity().describe());
                if (!"UP".equals(result)) {
                    response.down();
                }
            }
            return response.build();
        });
    }

    /** Asks the server what it is, which also proves it answers. */
    private static Uni<String> probe(Instance instance) {
        return ServerIdentification.identify(instance)
                .map(identity -> "UP")
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure().recoverWithItem(f -> "DOWN: " + f.getMessage());
    }
}
