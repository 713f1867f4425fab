package org.vitrine.album;

import org.junit.jupiter.api.io.TempDir;
import org.vitrine.db.Database;
import org.vitrine.testing.TestDatabases;

import java.nio.file.Path;

/** The album and photo store contract on a real SQLite file. */
class SqliteAlbumAndPhotoStoreTest extends AlbumAndPhotoStoreContract {
    @TempDir
    Path dir;

    @Override
    Database openDatabase() {
        return TestDatabases.sqlite(dir);
    }
}
