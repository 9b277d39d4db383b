package dev.mssqlbulk.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs a Quarkus test against S3-compatible staging: starts an {@link S3ProxyServer} (in memory) and sets the
 * {@code mssql-bulk.staging.*} keys to use it, under the prefix {@value #PREFIX}.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "mssql-bulk-test";
    public static final String PREFIX = "staging";

    private S3ProxyServer server;

    @Override
    public Map<String, String> start() {
        server = S3ProxyServer.start(BUCKET);
        return server.stagingConfig(PREFIX);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
