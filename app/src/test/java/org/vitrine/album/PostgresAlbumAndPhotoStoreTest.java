package org.vitrine.album;

import org.vitrine.db.Database;
import org.vitrine.testing.TestDatabases;

/** The album and photo store contract on the machine's PostgreSQL. */
class PostgresAlbumAndPhotoStoreTest extends AlbumAndPhotoStoreContract {
    @Override
    Database openDatabase() {
        return TestDatabases.postgres();
    }
}
