package org.vitrine.user;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.SmallDisk;
import org.vitrine.testing.TestApp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in writes a session row; when the SQLite file's disk is full that write fails, and the visitor reads that
 * the disk is full (507), not "something went wrong" (500). Once space is freed, signing in works again. The data
 * folder and the database are on a real 8 MB tmpfs.
 */
class SignInOnAFullDiskTest {
    @TempDir
    Path dir;

    @Test
    void sign_in_on_a_full_database_disk_says_the_disk_is_full_and_works_once_space_is_freed() throws Exception {
        try (var disk = SmallDisk.mount(dir.resolve("data"), 8); App app = TestApp.start(disk.path(), Map.of())) {
            new Fixtures(app).owner();
            // An empty write-ahead log: the next write must grow a file, which a full disk refuses.
            app.database().jdbi().useHandle(h -> h.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
            var visitor = new HttpSession(app.config().baseUrl());
            visitor.csrfFrom("/login");
            Path filler = disk.fillLeaving(0);

            var refused = visitor.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                    "password", Fixtures.OWNER_PASSWORD));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
            assertThat(refused.body()).contains("The server's disk is full")
                    .doesNotContain("SQLITE", "Exception", disk.path().toString());

            Files.delete(filler);
            visitor.csrfFrom("/login");
            var accepted = visitor.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                    "password", Fixtures.OWNER_PASSWORD));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(303);
        }
    }
}
