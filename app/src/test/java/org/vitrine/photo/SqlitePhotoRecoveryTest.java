package org.vitrine.photo;

import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.TestDatabases;

import java.nio.file.Path;

/** The photo recovery contract on a real SQLite file. */
class SqlitePhotoRecoveryTest extends PhotoRecoveryContract {
    @TempDir
    Path dir;

    @Override
    String newDatabaseUrl() {
        return TestDatabases.sqliteUrl(dir);
    }

    @Override
    String user() {
        return "";
    }
}
