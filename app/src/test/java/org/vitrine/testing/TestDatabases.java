package org.vitrine.testing;

import org.vitrine.db.Database;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TestDatabases opens real, empty databases for tests: a SQLite file in a temporary folder, or a fresh
 * schema in PostgreSQL (the machine's server on 127.0.0.1:5432, else an embedded one: see TestPostgres).
 */
public final class TestDatabases {
    public static final String POSTGRES_USER = TestPostgres.USER;

    private TestDatabases() {
    }

    public static Database sqlite(Path dir) {
        return Database.open(sqliteUrl(dir), "", "");
    }

    public static String sqliteUrl(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("vitrine.db");
    }

    /** A fresh PostgreSQL schema; where no PostgreSQL can run, CI fails and a run by hand skips with a message. */
    public static Database postgres() {
        return Database.open(newPostgresSchemaUrl(), POSTGRES_USER, "");
    }

    /** Creates an empty schema, dropped when the tests are over, and returns a JDBC URL that uses it. */
    public static String newPostgresSchemaUrl() {
        String server;
        try {
            server = TestPostgres.url();
        } catch (IllegalStateException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL is required in CI: " + e.getMessage(), e);
            }
            assumeTrue(false, e.getMessage() + ": skipping the PostgreSQL variant of this test");
            return null;
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (var connection = TestPostgres.connect(); var statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test schema at " + server + ": " + e.getMessage(), e);
        }
        TestPostgres.created(schema);
        return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
