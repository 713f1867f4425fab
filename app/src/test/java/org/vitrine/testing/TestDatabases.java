package org.vitrine.testing;

import org.vitrine.db.Database;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TestDatabases opens real, empty databases for tests: a SQLite file in a temporary folder, or a fresh
 * schema in the machine's PostgreSQL (127.0.0.1:5432, user postgres, database test).
 */
public final class TestDatabases {
    public static final String POSTGRES_URL = System.getenv().getOrDefault(
            "VITRINE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = "postgres";

    private TestDatabases() {
    }

    public static Database sqlite(Path dir) {
        return Database.open(sqliteUrl(dir), "", "");
    }

    public static String sqliteUrl(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("vitrine.db");
    }

    /** A fresh PostgreSQL schema; in CI a missing server is a failure, by hand it skips with a message. */
    public static Database postgres() {
        return Database.open(newPostgresSchemaUrl(), POSTGRES_USER, "");
    }

    /** Creates an empty schema and returns a JDBC URL that uses it. */
    public static String newPostgresSchemaUrl() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (var connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             var statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            if (ci) {
                throw new IllegalStateException("PostgreSQL is required in CI but not reachable at "
                        + POSTGRES_URL + ": " + e.getMessage(), e);
            }
            assumeTrue(false, "PostgreSQL not reachable at " + POSTGRES_URL + " (" + e.getMessage()
                    + "): skipping the PostgreSQL variant of this test");
        }
        return POSTGRES_URL + "?currentSchema=" + schema;
    }
}
