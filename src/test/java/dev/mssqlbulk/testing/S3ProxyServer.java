package dev.mssqlbulk.testing;

import dev.mssqlbulk.staging.S3StagingStore;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.jar.JarFile;

/**
 * A real S3 API server for tests, benchmarks and process-level tests: S3Proxy on a free loopback port, with
 * jclouds' in-memory ({@code transient}) backend or its {@code filesystem} backend (for bodies too large for the
 * heap), one bucket created, parts of multipart uploads at least 5 MiB as in S3, and AWS signature v2/v4
 * authentication with fixed test credentials (so that the SDK's signing is exercised as against a real store).
 * {@link #close()} stops it. A service process is pointed at it with {@link #stagingEnvironment(String)}.
 *
 * <p>S3Proxy runs in a class loader of its own ({@link S3ProxyLauncher}): its jclouds needs Guice 7, and the Quarkus
 * test bootstrap puts Guice 5 earlier on the test class path; isolated, neither Jetty, Guice nor S3Proxy's logging
 * meets the service's class path.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "mssql-bulk-test";
    public static final String SECRET_KEY = "mssql-bulk-test-secret";
    public static final String REGION = "us-east-1";

    private static final Object LOADER_LOCK = new Object();
    private static ClassLoader loader;

    private final AutoCloseable running;
    private final String bucket;
    private final int port;
    private final URI endpoint;

    private S3ProxyServer(AutoCloseable running, String bucket) {
        this.running = running;
        this.bucket = bucket;
        this.port = ((IntSupplier) running).getAsInt();
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /** A server keeping objects in memory, with the bucket created. */
    public static S3ProxyServer start(String bucket) {
        return start(bucket, (String) null);
    }

    /** A server keeping objects as files under {@code directory}, with the bucket created. */
    public static S3ProxyServer start(String bucket, Path directory) {
        return start(bucket, directory.toAbsolutePath().toString());
    }

    private static S3ProxyServer start(String bucket, String directory) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            ClassLoader isolated = isolatedLoader();
            thread.setContextClassLoader(isolated); // jclouds finds its providers through the context loader
            Method start = isolated.loadClass(S3ProxyLauncher.class.getName())
                    .getMethod("start", String.class, String.class, String.class, String.class);
            return new S3ProxyServer(
                    (AutoCloseable) start.invoke(null, bucket, directory, ACCESS_KEY, SECRET_KEY), bucket);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("S3Proxy did not start", e.getCause());
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The test class path without Guice 5, parent-less but for the JDK: S3Proxy and jclouds with their own
     * dependencies, whatever the Quarkus test bootstrap or the service put on the class path. One for all servers.
     */
    private static ClassLoader isolatedLoader() throws IOException {
        synchronized (LOADER_LOCK) {
            if (loader == null) {
                List<URL> urls = new ArrayList<>();
                for (String entry : classPath()) {
                    String name = Path.of(entry).getFileName().toString();
                    if (!name.matches("guice-[0-6]\\..*\\.jar")) {
                        urls.add(Path.of(entry).toUri().toURL());
                    }
                }
                loader = new URLClassLoader("s3proxy", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            }
            return loader;
        }
    }

    /** The real class path: Surefire passes it in a property when the JVM's own is a manifest-only jar. */
    private static List<String> classPath() throws IOException {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        if (entries.size() == 1 && entries.get(0).endsWith(".jar")) { // a manifest-only jar: read its Class-Path
            try (JarFile jar = new JarFile(entries.get(0))) {
                String manifestPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifestPath != null) {
                    for (String url : manifestPath.split(" ")) {
                        entries.add(Path.of(URI.create(url)).toString());
                    }
                }
            }
        }
        return entries;
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return port;
    }

    public String bucket() {
        return bucket;
    }

    /** Store settings for this server (or, with {@code endpoint}, for a fault proxy in front of it). */
    public S3StagingStore.Settings settings(URI endpoint, String prefix) {
        return new S3StagingStore.Settings(
                bucket,
                prefix,
                Optional.of(endpoint),
                Optional.of(REGION),
                true,
                Optional.of(ACCESS_KEY),
                Optional.of(SECRET_KEY),
                8L * 1024 * 1024,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                Duration.ofMinutes(2),
                3);
    }

    /** The service's configuration keys for staging in this server, as system properties or environment would set. */
    public Map<String, String> stagingConfig(String prefix) {
        return Map.of(
                "mssql-bulk.staging.type", "s3",
                "mssql-bulk.staging.s3.bucket", bucket,
                "mssql-bulk.staging.s3.prefix", prefix,
                "mssql-bulk.staging.s3.endpoint", endpoint.toString(),
                "mssql-bulk.staging.s3.region", REGION,
                "mssql-bulk.staging.s3.path-style-access", "true",
                "mssql-bulk.staging.s3.access-key-id", ACCESS_KEY,
                "mssql-bulk.staging.s3.secret-access-key", SECRET_KEY);
    }

    /** The same keys as environment variables ({@code MSSQL_BULK_STAGING_S3_BUCKET=...}), for a service process. */
    public Map<String, String> stagingEnvironment(String prefix) {
        Map<String, String> environment = new java.util.TreeMap<>();
        stagingConfig(prefix)
                .forEach((key, value) ->
                        environment.put(key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), value));
        return environment;
    }

    @Override
    public void close() {
        try {
            running.close();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
