package org.vitrine.jobs;

import org.vitrine.db.Database;
import org.vitrine.testing.TestDatabases;

/** PostgresJobQueueTest runs the job queue contract on a fresh PostgreSQL schema. */
class PostgresJobQueueTest extends JobQueueContract {
    @Override
    Database openDatabase() {
        return TestDatabases.postgres();
    }
}
