package org.vitrine.place;

import org.jdbi.v3.core.Handle;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;

/**
 * RowBatch inserts many rows through one prepared statement, sent a thousand rows at a time: plain JDBC batches,
 * as fast as either database takes them, with only one batch in memory.
 */
final class RowBatch implements AutoCloseable {
    private static final int ROWS = 1000;

    private final PreparedStatement insert;
    private final int columns;
    private int rows;
    private long total;

    /** {@code insertInto}: "places (id, name, ...)"; every row has as many values as the columns named. */
    RowBatch(Handle handle, String insertInto, int columns) {
        this.columns = columns;
        try {
            this.insert = handle.getConnection().prepareStatement("INSERT INTO " + insertInto + " VALUES ("
                    + String.join(", ", Collections.nCopies(columns, "?")) + ")");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the places data insert", e);
        }
    }

    void add(Object... row) {
        if (row.length != columns) {
            throw new IllegalArgumentException("Expected " + columns + " values, got " + row.length);
        }
        try {
            for (int i = 0; i < row.length; i++) {
                insert.setObject(i + 1, row[i]);
            }
            insert.addBatch();
            if (++rows == ROWS) {
                flush();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot insert the places data", e);
        }
    }

    long total() {
        return total + rows;
    }

    private void flush() throws SQLException {
        if (rows > 0) {
            insert.executeBatch();
            total += rows;
            rows = 0;
        }
    }

    @Override
    public void close() {
        try (insert) {
            flush();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot insert the places data", e);
        }
    }
}
