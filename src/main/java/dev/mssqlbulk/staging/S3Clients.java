package dev.mssqlbulk.staging;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the AWS SDK's {@link S3Client} for the S3 store's {@link S3StagingStore.Settings}: HTTP client, credentials,
 * endpoint and region, timeouts, retries and checksum policy. Apart from the store so that every choice about how the
 * SDK talks to the server is in one place.
 *
 * <p><b>HTTP client:</b> the SDK's {@code url-connection-client}, the JDK's {@code HttpURLConnection}; the SDK's
 * default Netty and Apache clients are excluded in the build. It adds no dependency at all (Apache brings
 * httpclient/httpcore/commons-logging, Netty a second Netty configuration next to Quarkus' own, whose versions must
 * then agree), it works in a native image with what the SDK's own native-image metadata declares, and its costs do
 * not matter here: one blocking transfer per job at a time, each moving megabytes per request, with the JDK's
 * keep-alive cache reusing connections. The Quarkus extension for the SDK (a Quarkiverse project, not part of the
 * Quarkus platform this build imports) would add CDI wiring we need for one client only.
 *
 * <p><b>Integrity checksums</b> are sent and validated only where S3 requires them ({@code WHEN_REQUIRED}): since SDK
 * 2.30 the default adds CRC trailers in {@code aws-chunked} bodies, which several S3-compatible servers reject or
 * mishandle; TLS protects the transfer, and the reader checks the length.
 */
final class S3Clients {

    private S3Clients() {}

    /** The SDK client for the settings: explicit timeouts, a small retry policy, no checksums beyond the required. */
    static S3Client client(S3StagingStore.Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout()))
                .forcePathStyle(settings.pathStyleAccess())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentials(settings))
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                        .apiCallTimeout(settings.apiCallTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .build()));
        settings.endpoint().ifPresent(builder::endpointOverride);
        settings.region()
                .map(Region::of)
                .or(() -> settings.endpoint().map(e -> Region.US_EAST_1))
                .ifPresent(builder::region);
        return builder.build();
    }

    /** The configured key pair if both halves are set, else the SDK's default chain (environment, profile, role). */
    private static AwsCredentialsProvider credentials(S3StagingStore.Settings settings) {
        if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    settings.accessKeyId().get(), settings.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
