package org.vitrine.db;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.TestDatabases;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Database opens and migrates a SQLite file safely even when several openers race on a fresh file. */
class DatabaseTest {
    @TempDir
    Path dir;

    @RepeatedTest(5)
    void openers_racing_on_a_fresh_sqlite_file_all_get_the_whole_schema() throws Exception {
        String url = TestDatabases.sqliteUrl(dir);
        try (var pool = Executors.newFixedThreadPool(4)) {
            var results = new ArrayList<Future<Integer>>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit((Callable<Integer>) () -> {
                    try (Database db = Database.open(url, "", "")) {
                        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM photos")
                                .mapTo(Integer.class).one());
                    }
                }));
            }
            for (var result : results) {
                assertThat(result.get()).isZero();
            }
        }
    }
}
