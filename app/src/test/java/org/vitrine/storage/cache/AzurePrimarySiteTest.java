package org.vitrine.storage.cache;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.azure.AzureBlobStore;
import org.vitrine.testing.Azurite;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** The site with VITRINE_STORAGE=azure against Azurite. */
class AzurePrimarySiteTest extends CloudPrimarySiteContract {
    private static final String CONTAINER = "vitrine-site";
    @TempDir
    static Path emulatorDir;
    private static Azurite azurite;

    @BeforeAll
    static void startEmulator() {
        azurite = Azurite.start(emulatorDir);
        new BlobServiceClientBuilder().endpoint(azurite.accountUrl().toString())
                .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))
                .httpClient(new JdkHttpClientBuilder().build()).buildClient()
                .createBlobContainer(CONTAINER);
    }

    @AfterAll
    static void stopEmulator() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Override
    protected URI endpoint() {
        return azurite.accountUrl();
    }

    /** Azurite takes the account from the path: the same path on the port of {@code server}. */
    @Override
    protected Map<String, String> settings(URI server, String prefix) {
        return Map.of(
                "VITRINE_STORAGE", "azure",
                "VITRINE_AZURE_ACCOUNT_URL", "http://127.0.0.1:" + server.getPort() + "/" + Azurite.ACCOUNT,
                "VITRINE_AZURE_ACCOUNT", Azurite.ACCOUNT,
                "VITRINE_AZURE_KEY", Azurite.KEY,
                "VITRINE_AZURE_CONTAINER", CONTAINER,
                "VITRINE_AZURE_PREFIX", prefix);
    }

    @Override
    protected BlobStore cloud(String prefix) {
        return new AzureBlobStore(azurite.accountUrl(), Azurite.ACCOUNT, Azurite.KEY, CONTAINER, prefix);
    }

    @Override
    protected String signatureParameter() {
        return "sig=";
    }

    @Override
    protected void stopCloud() {
        azurite.stop();
    }

    @Override
    protected void restartCloud() {
        azurite.restart();
    }
}
