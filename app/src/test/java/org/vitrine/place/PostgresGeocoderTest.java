package org.vitrine.place;

import org.vitrine.db.Database;
import org.vitrine.testing.TestDatabases;

import java.nio.file.Path;

class PostgresGeocoderTest extends GeocoderContract {
    @Override
    Database open(Path dir) {
        return TestDatabases.postgres();
    }
}
