package org.vitrine.storage.cache;

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

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** The site with VITRINE_STORAGE=s3 against s3proxy. */
class S3PrimarySiteTest extends CloudPrimarySiteContract {
    private static final String BUCKET = "vitrine-site";
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
    protected URI endpoint() {
        return s3proxy.endpoint();
    }

    @Override
    protected Map<String, String> settings(URI server, String prefix) {
        return Map.of(
                "VITRINE_STORAGE", "s3",
                "VITRINE_S3_ENDPOINT", server.toString(),
                "VITRINE_S3_BUCKET", BUCKET,
                "VITRINE_S3_PREFIX", prefix,
                "VITRINE_S3_PATH_STYLE", "true",
                "VITRINE_S3_ACCESS_KEY", S3Proxy.IDENTITY,
                "VITRINE_S3_SECRET_KEY", S3Proxy.CREDENTIAL);
    }

    @Override
    protected BlobStore cloud(String prefix) {
        return new S3BlobStore(new S3Location(s3proxy.endpoint(), S3Proxy.REGION, BUCKET, prefix, true),
                S3Proxy.IDENTITY, S3Proxy.CREDENTIAL);
    }

    @Override
    protected String signatureParameter() {
        return "X-Amz-Signature=";
    }

    @Override
    protected void stopCloud() {
        s3proxy.stop();
    }

    @Override
    protected void restartCloud() {
        s3proxy.restart();
    }
}
