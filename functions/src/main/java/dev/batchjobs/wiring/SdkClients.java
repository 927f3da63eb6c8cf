package dev.batchjobs.wiring;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * One way to build every SDK client of a wiring: the shared HTTP client, the region, the credentials, the
 * telemetry's instrumentation, and the endpoint override the local cloud sets ({@code AWS_ENDPOINT_URL_<SERVICE>}).
 */
final class SdkClients {
    private final Config config;
    private final Telemetry telemetry;
    private final AwsCredentialsProvider credentials;
    private final Supplier<SdkHttpClient> httpClient;

    SdkClients(
            Config config,
            Telemetry telemetry,
            AwsCredentialsProvider credentials,
            Supplier<SdkHttpClient> httpClient) {
        this.config = config;
        this.telemetry = telemetry;
        this.credentials = credentials;
        this.httpClient = httpClient;
    }

    <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(B builder, String service) {
        telemetry.instrument(builder);
        builder.httpClient(httpClient.get()).region(region()).credentialsProvider(credentials);
        endpointOverride(service).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Whether the service is reached at an override (an emulator), not at AWS. */
    boolean overridden(String service) {
        return endpointOverride(service).isPresent();
    }

    S3Presigner presigner() {
        var builder = S3Presigner.builder().region(region()).credentialsProvider(credentials);
        // Emulators answer on one host name: path-style URLs (http://host:port/bucket/key).
        endpointOverride("S3")
                .ifPresent(override -> builder.endpointOverride(override)
                        .serviceConfiguration(S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build()));
        return builder.build();
    }

    private Region region() {
        return config.region().map(Region::of).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
    }

    private Optional<URI> endpointOverride(String service) {
        return Optional.ofNullable(config.endpointOverrides().get("AWS_ENDPOINT_URL_" + service));
    }
}
