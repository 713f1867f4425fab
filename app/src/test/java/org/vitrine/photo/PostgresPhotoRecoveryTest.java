package org.vitrine.photo;

import org.vitrine.testing.TestDatabases;

/** The photo recovery contract on the machine's PostgreSQL. */
class PostgresPhotoRecoveryTest extends PhotoRecoveryContract {
    @Override
    String newDatabaseUrl() {
        return TestDatabases.newPostgresSchemaUrl();
    }

    @Override
    String user() {
        return TestDatabases.POSTGRES_USER;
    }
}
