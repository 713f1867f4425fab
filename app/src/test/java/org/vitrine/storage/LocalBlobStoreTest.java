package org.vitrine.storage;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local disk store passes the blob store contract, and keeps its files where a person would look. */
class LocalBlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore newStore(Path dir) throws IOException {
        return new LocalBlobStore(dir.resolve("blobs"));
    }

    @Override
    protected boolean keepsChecksums() {
        return false;
    }

    @Test
    void blobs_are_plain_files_under_their_keys_and_no_url_is_offered() throws IOException {
        store.put("originals/ab/x.jpg", new ByteArrayInputStream(bytes(10, 1)));

        assertThat(dir.resolve("blobs/originals/ab/x.jpg")).isRegularFile().hasSize(10);
        assertThat(store.localCopy("originals/ab/x.jpg", dir)).isEqualTo(dir.resolve("blobs/originals/ab/x.jpg")
                .toRealPath());
        assertThat(store.url("originals/ab/x.jpg", Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void a_key_that_could_leave_the_folder_or_name_a_temporary_file_is_refused() {
        for (String key : new String[]{"../x.jpg", "originals/../../x", "originals/.tmp-1", "/etc/passwd", "a"}) {
            assertThatThrownBy(() -> store.stat(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
