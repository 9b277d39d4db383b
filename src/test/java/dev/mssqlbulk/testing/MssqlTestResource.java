package dev.mssqlbulk.testing;

import dev.mssqlbulk.emulator.EmulatorOptions;
import dev.mssqlbulk.emulator.MssqlEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.mssqlclient.MSSQLConnectOptions;
import io.vertx.mssqlclient.MSSQLConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Quarkus test resource: a real SQL Server when MSSQL_TEST_URL / MSSQL_TEST_USER / MSSQL_TEST_PASSWORD are set,
 * otherwise a fresh {@link MssqlEmulator} on a free port. Runs classpath {@code db/test-schema.sql} (if present, split
 * on lines holding only GO) through a plain Vert.x MSSQL connection, and configures the instances {@code test} and
 * {@code other}.
 */
public class MssqlTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String SCHEMA_SCRIPT = "db/test-schema.sql";

    private static volatile MssqlEmulator current;
    private static volatile MSSQLConnectOptions currentOptions;
    private MssqlEmulator started;

    /** The emulator of the running test resource; empty against a real server. */
    public static Optional<MssqlEmulator> emulator() {
        return Optional.ofNullable(current);
    }

    /**
     * Connect options of the current server (a copy). Falls back to the system properties mssql.test.url/user/password
     * set by {@link #start()}, should the caller see this class through another class loader.
     */
    public static MSSQLConnectOptions connectOptions() {
        MSSQLConnectOptions o = currentOptions;
        if (o != null) {
            return new MSSQLConnectOptions(o);
        }
        String url = System.getProperty("mssql.test.url");
        if (url == null) {
            throw new IllegalStateException("MssqlTestResource has not been started");
        }
        return TestServer.parse(url)
                .setUser(System.getProperty("mssql.test.user"))
                .setPassword(System.getProperty("mssql.test.password"));
    }

    @Override
    public Map<String, String> start() {
        Optional<MSSQLConnectOptions> real = TestServer.realServer();
        MSSQLConnectOptions options;
        String url;
        if (real.isPresent()) {
            options = real.get();
            url = System.getenv("MSSQL_TEST_URL");
        } else {
            started = MssqlEmulator.start(EmulatorOptions.defaults());
            options = TestServer.optionsFor(started);
            url = started.url();
        }
        current = started;
        currentOptions = options;
        System.setProperty("mssql.test.url", url);
        System.setProperty("mssql.test.user", options.getUser());
        System.setProperty("mssql.test.password", options.getPassword());
        runSchemaScript(options);
        Map<String, String> config = new HashMap<>();
        config.put("mssql-bulk.instances.test.url", url);
        config.put("mssql-bulk.instances.test.username", options.getUser());
        config.put("mssql-bulk.instances.test.password", options.getPassword());
        config.put("mssql-bulk.instances.test.element-token", "test-element-token");
        config.put("mssql-bulk.instances.test.user-secrets", "test-user-secret");
        config.put("mssql-bulk.instances.other.url", url);
        config.put("mssql-bulk.instances.other.username", options.getUser());
        config.put("mssql-bulk.instances.other.password", options.getPassword());
        config.put("mssql-bulk.instances.other.element-token", "other-element-token");
        config.put("mssql-bulk.instances.other.user-secrets", "other-user-secret");
        config.put("mssql-bulk.instances.other.table-names", "other_*");
        return config;
    }

    @Override
    public void stop() {
        if (started != null) {
            started.close();
            if (current == started) {
                current = null;
            }
            started = null;
        }
    }

    /** Runs the schema script, batch by batch (lines holding only GO separate batches). */
    static void runSchemaScript(MSSQLConnectOptions options) {
        String script;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SCHEMA_SCRIPT)) {
            if (in == null) {
                return;
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> batches = splitOnGo(script);
        if (batches.isEmpty()) {
            return;
        }
        Vertx vertx = Vertx.vertx();
        try {
            MSSQLConnection conn = MSSQLConnection.connect(vertx, options)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            try {
                for (String batch : batches) {
                    conn.query(batch)
                            .execute()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(60, TimeUnit.SECONDS);
                }
            } finally {
                conn.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("running " + SCHEMA_SCRIPT + " failed: " + e.getMessage(), e);
        } finally {
            vertx.close();
        }
    }

    public static List<String> splitOnGo(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (String line : script.split("\r?\n", -1)) {
            if (line.trim().equalsIgnoreCase("GO")) {
                if (!sb.toString().isBlank()) {
                    out.add(sb.toString());
                }
                sb.setLength(0);
            } else {
                sb.append(line).append('\n');
            }
        }
        if (!sb.toString().isBlank()) {
            out.add(sb.toString());
        }
        return out;
    }
}
