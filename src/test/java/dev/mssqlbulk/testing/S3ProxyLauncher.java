package dev.mssqlbulk.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.function.IntSupplier;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * Starts S3Proxy; loaded only through {@link S3ProxyServer}'s isolated class loader, so that S3Proxy's jclouds sees
 * its own Guice 7 rather than the Guice 5 that Quarkus' test bootstrap puts earlier on the test class path. Its
 * method takes and returns JDK types only, which both class loaders share.
 */
public final class S3ProxyLauncher {

    private S3ProxyLauncher() {}

    /**
     * Starts a server with the bucket created: {@code directory} null for the in-memory backend, else the
     * filesystem backend's base directory. The result is closed to stop it and supplies its port. Like S3, the
     * server refuses parts but the last below 5 MiB.
     */
    public static AutoCloseable start(String bucket, String directory, String accessKey, String secretKey)
            throws Exception {
        ContextBuilder backend;
        if (directory == null) {
            backend = ContextBuilder.newBuilder("transient");
        } else {
            Properties properties = new Properties();
            properties.setProperty("jclouds.filesystem.basedir", directory);
            backend = ContextBuilder.newBuilder("filesystem").overrides(properties);
        }
        BlobStoreContext context = backend.credentials("identity", "credential").build(BlobStoreContext.class);
        try {
            context.getBlobStore().createContainerInLocation(null, bucket);
            if (!context.getBlobStore().containerExists(bucket)) { // jclouds returns quietly on an invalid name
                throw new IllegalArgumentException(
                        "bucket not created (an S3 bucket name has 3 to 63 characters): " + bucket);
            }
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
                }
                Thread.sleep(10);
            }
            return new Running(proxy, context);
        } catch (Exception e) {
            context.close();
            throw e;
        }
    }

    private record Running(S3Proxy proxy, BlobStoreContext context) implements AutoCloseable, IntSupplier {
        @Override
        public int getAsInt() {
            return proxy.getPort();
        }

        @Override
        public void close() throws Exception {
            try {
                proxy.stop();
            } finally {
                context.close();
            }
        }
    }
}
