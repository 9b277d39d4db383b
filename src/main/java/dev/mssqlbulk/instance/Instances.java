package dev.mssqlbulk.instance;

import io.vertx.mssqlclient.MSSQLConnectOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.mssqlclient.MSSQLPool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The configured connector instances, each with its own pool, found by element token. */
@ApplicationScoped
public class Instances {

    private static final Logger LOG = Logger.getLogger(Instances.class);

    private final Map<String, Instance> byName = new LinkedHashMap<>();

    public Instances(BulkConfig config, Vertx vertx) {
        config.instances().forEach((name, instanceConfig) -> {
            TableFilter filter =
                    instanceConfig.tableNames().map(TableFilter::of).orElse(TableFilter.all());
            byName.put(
                    name,
                    new Instance(
                            name,
                            instanceConfig,
                            filter,
                            createPool(vertx, instanceConfig),
                            new JdbcConnector(instanceConfig)));
            LOG.infof(
                    "Instance '%s': %s as %s, schema %s, write mode %s",
                    name,
                    Redacted.url(instanceConfig.url()),
                    instanceConfig.username(),
                    instanceConfig.schema(),
                    instanceConfig.writeMode());
        });
        if (byName.isEmpty()) {
            LOG.warn("No connector instance is configured (mssql-bulk.instances.<name>.*): every request will get 401");
        }
    }

    static MSSQLPool createPool(Vertx vertx, BulkConfig.InstanceConfig config) {
        // A connection silent (nothing read or written) for statement-timeout is closed, failing what waits on it:
        // the bound on a half-open connection. Idle pooled connections are closed as well, and reopened on demand.
        int idleSeconds = (int) Math.max(
                1, Math.min(Integer.MAX_VALUE, config.statementTimeout().toSeconds()));
        MSSQLConnectOptions options = MSSQLConnectOptions.fromUri(config.url())
                .setUser(config.username())
                .setPassword(config.password());
        options.setIdleTimeout(idleSeconds)
                .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
                .setTcpKeepAlive(true);
        PoolOptions poolOptions = new PoolOptions()
                .setMaxSize(config.poolSize())
                .setConnectionTimeout(idleSeconds)
                .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
                .setName("mssql-bulk-" + config.elementToken().hashCode());
        return MSSQLPool.pool(vertx, options, poolOptions);
    }

    public Collection<Instance> all() {
        return byName.values();
    }

    public Optional<Instance> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The instance whose element token and one of whose user secrets match, compared in constant time
     * (every instance and secret is compared, digests make the comparison independent of length).
     */
    public Optional<Instance> authenticate(String elementToken, String userSecret) {
        byte[] token = digest(elementToken);
        byte[] secret = digest(userSecret);
        Instance found = null;
        for (Instance instance : byName.values()) {
            boolean tokenMatches =
                    MessageDigest.isEqual(token, digest(instance.config().elementToken()));
            boolean secretMatches = false;
            for (String candidate : instance.config().userSecrets()) {
                secretMatches |= MessageDigest.isEqual(secret, digest(candidate));
            }
            if (tokenMatches && secretMatches && found == null) {
                found = instance;
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void close() {
        byName.values().forEach(instance -> instance.pool().closeAndAwait());
    }
}
