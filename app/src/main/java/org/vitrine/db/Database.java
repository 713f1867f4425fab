package org.vitrine.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Database owns the connection pool, the schema migrations and the Jdbi handle for SQLite or PostgreSQL.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens the database at the URL and brings its schema up to date. */
    public static Database open(String url, String user, String password) {
        Dialect dialect = Dialect.of(url);
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setPoolName("vitrine-db");
        if (!user.isEmpty()) {
            hikari.setUsername(user);
        }
        if (!password.isEmpty()) {
            hikari.setPassword(password);
        }
        if (dialect == Dialect.SQLITE) {
            createParentDirectory(url);
            // WAL lets readers go on while the single writer writes; busy_timeout makes a second
            // writer wait for the lock instead of failing at once.
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("busy_timeout", "10000");
            hikari.addDataSourceProperty("foreign_keys", "true");
            hikari.setMaximumPoolSize(4);
        } else {
            hikari.setMaximumPoolSize(8);
        }
        // The pool is opened under the lock too: its first connection switches a fresh SQLite file to WAL, which
        // takes the file's write lock before busy_timeout applies, so openers racing on a new file failed BUSY.
        HikariDataSource dataSource = null;
        try (var lock = dialect == Dialect.SQLITE ? MigrationLock.acquire(sqliteFile(url)) : null) {
            dataSource = new HikariDataSource(hikari);
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .placeholders(dialect.migrationPlaceholders())
                    .load()
                    .migrate();
        } catch (RuntimeException | IOException e) {
            if (dataSource != null) {
                dataSource.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException("Cannot lock the database for migration", io)
                    : (RuntimeException) e;
        }
        return new Database(dataSource, dialect);
    }

    /** The database file of a SQLite URL, or null for an in-memory database. */
    private static Path sqliteFile(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        return file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:") ? null : Path.of(file);
    }

    private static void createParentDirectory(String url) {
        Path file = sqliteFile(url);
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the database folder " + parent, e);
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
