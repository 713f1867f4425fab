package org.vitrine.jobs;

import org.junit.jupiter.api.io.TempDir;
import org.vitrine.db.Database;
import org.vitrine.testing.TestDatabases;

import java.nio.file.Path;

/** SqliteJobQueueTest runs the job queue contract on a SQLite file. */
class SqliteJobQueueTest extends JobQueueContract {
    @TempDir
    Path dir;

    @Override
    Database openDatabase() {
        return TestDatabases.sqlite(dir);
    }
}
