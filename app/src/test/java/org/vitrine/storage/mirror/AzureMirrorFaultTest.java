package org.vitrine.storage.mirror;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.azure.AzureBlobStore;
import org.vitrine.testing.Azurite;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Mirror mode's faults against Azurite, the Azure Blob emulator in its own process. */
class AzureMirrorFaultTest extends MirrorFaultContract {
    private static final String CONTAINER = "vitrine-mirror";
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
    protected Map<String, String> mirrorSettings(String prefix) {
        return Map.of(
                "VITRINE_MIRROR", "azure",
                "VITRINE_AZURE_ACCOUNT_URL", azurite.accountUrl().toString(),
                "VITRINE_AZURE_ACCOUNT", Azurite.ACCOUNT,
                "VITRINE_AZURE_KEY", Azurite.KEY,
                "VITRINE_AZURE_CONTAINER", CONTAINER,
                "VITRINE_AZURE_PREFIX", prefix);
    }

    @Override
    protected Map.Entry<String, String> wrongSecret() {
        return Map.entry("VITRINE_AZURE_KEY",
                java.util.Base64.getEncoder().encodeToString("not-the-account-key-4711".getBytes()));
    }

    @Override
    protected BlobStore rawCloud(String prefix) {
        return new AzureBlobStore(azurite.accountUrl(), Azurite.ACCOUNT, Azurite.KEY, CONTAINER, prefix);
    }

    @Override
    protected void stopCloud() {
        azurite.stop();
    }

    @Override
    protected void restartCloud() {
        azurite.restart();
    }

    @Override
    protected List<String> secrets() {
        return List.of(Azurite.KEY, azurite.accountUrl().toString(), CONTAINER);
    }
}
