package org.vitrine.db;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

/**
 * DatabaseFull tells whether a failure is the database running out of disk space: SQLite's SQLITE_FULL result
 * code or PostgreSQL's SQLSTATE 53100 (disk_full). Codes, not messages: the text differs by version and locale.
 */
public final class DatabaseFull {
    /** PostgreSQL's "disk_full" condition. */
    private static final String POSTGRES_DISK_FULL = "53100";

    private DatabaseFull() {
    }

    /** Whether this failure, or one of its causes, is a database that could not write for lack of space. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_FULL) {
                return true;
            }
            if (t instanceof SQLException sql && POSTGRES_DISK_FULL.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
