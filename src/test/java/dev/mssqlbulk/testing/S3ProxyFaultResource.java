package dev.mssqlbulk.testing;

import dev.mssqlbulk.staging.S3StagingStore;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Object staging behind a {@link TcpFaultProxy}: an in-memory {@link S3ProxyServer}, the service pointed at the proxy
 * in front of it, so a test can make the store refuse, stall or cut a transfer while the service uses it. Timeouts are
 * short and the SDK does not retry (one attempt), so a fault reaches the service's own handling (503, a job retried
 * from its checkpoint) within seconds. {@link #proxy()} and {@link #direct()} are for the test class using it (one
 * such class runs at a time).
 */
public class S3ProxyFaultResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "mssql-bulk-faults";
    public static final String PREFIX = "staging";

    private static volatile S3ProxyServer server;
    private static volatile TcpFaultProxy proxy;
    private static volatile S3StagingStore direct;

    @Override
    public Map<String, String> start() {
        server = S3ProxyServer.start(BUCKET);
        proxy = TcpFaultProxy.start("127.0.0.1", server.port());
        direct = new S3StagingStore(server.settings(server.endpoint(), PREFIX));
        Map<String, String> config = new HashMap<>(server.stagingConfig(PREFIX));
        config.put("mssql-bulk.staging.s3.endpoint", proxy.endpoint().toString());
        config.put("mssql-bulk.staging.s3.connect-timeout", "1S");
        config.put("mssql-bulk.staging.s3.read-timeout", "2S");
        config.put("mssql-bulk.staging.s3.api-call-attempt-timeout", "3S");
        config.put("mssql-bulk.staging.s3.api-call-timeout", "4S");
        config.put("mssql-bulk.staging.s3.max-attempts", "1");
        return config;
    }

    /** The proxy between the service and the store. */
    public static TcpFaultProxy proxy() {
        return proxy;
    }

    /** The same bucket and prefix as the service's, reached without the proxy: to look at what is stored. */
    public static S3StagingStore direct() {
        return direct;
    }

    @Override
    public void stop() {
        if (direct != null) {
            direct.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
        direct = null;
        proxy = null;
        server = null;
    }
}
