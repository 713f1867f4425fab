package org.vitrine.storage.mirror;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.s3.S3BlobStore;
import org.vitrine.storage.s3.S3Location;
import org.vitrine.testing.S3Proxy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Mirror mode's faults against s3proxy, a real S3 API server in its own process. */
class S3MirrorFaultTest extends MirrorFaultContract {
    private static final String BUCKET = "vitrine-mirror";
    @TempDir
    static Path emulatorDir;
    private static S3Proxy s3proxy;

    @BeforeAll
    static void startEmulator() {
        s3proxy = S3Proxy.start(emulatorDir);
        try (S3Client admin = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(S3Proxy.REGION)).endpointOverride(s3proxy.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Proxy.IDENTITY, S3Proxy.CREDENTIAL))).build()) {
            admin.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stopEmulator() {
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @Override
    protected Map<String, String> mirrorSettings(String prefix) {
        return Map.of(
                "VITRINE_MIRROR", "s3",
                "VITRINE_S3_ENDPOINT", s3proxy.endpoint().toString(),
                "VITRINE_S3_BUCKET", BUCKET,
                "VITRINE_S3_PREFIX", prefix,
                "VITRINE_S3_PATH_STYLE", "true",
                "VITRINE_S3_ACCESS_KEY", S3Proxy.IDENTITY,
                "VITRINE_S3_SECRET_KEY", S3Proxy.CREDENTIAL);
    }

    @Override
    protected Map.Entry<String, String> wrongSecret() {
        return Map.entry("VITRINE_S3_SECRET_KEY", "not-the-credential-4711");
    }

    @Override
    protected BlobStore rawCloud(String prefix) {
        return new S3BlobStore(new S3Location(s3proxy.endpoint(), S3Proxy.REGION, BUCKET, prefix, true),
                S3Proxy.IDENTITY, S3Proxy.CREDENTIAL);
    }

    @Override
    protected void stopCloud() {
        s3proxy.stop();
    }

    @Override
    protected void restartCloud() {
        s3proxy.restart();
    }

    @Override
    protected List<String> secrets() {
        return List.of(S3Proxy.CREDENTIAL, S3Proxy.IDENTITY, s3proxy.endpoint().toString(), BUCKET);
    }
}
