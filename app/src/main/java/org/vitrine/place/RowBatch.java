package org.vitrine.place;

import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * RowBatch inserts rows many at a time as one multi-row INSERT: the same speed on SQLite and PostgreSQL (whose
 * driver sends a JDBC batch as one round trip per row unless told otherwise), with only one batch in memory.
 */
final class RowBatch implements AutoCloseable {
    private static final int ROWS = 500;

    private final Handle handle;
    private final String insert;
    private final String rowMarks;
    private final List<Object> values = new ArrayList<>();
    private final int columns;
    private int rows;
    private long total;

    /** {@code insertInto}: "places (id, name, ...)"; every row has as many values as the columns named. */
    RowBatch(Handle handle, String insertInto, int columns) {
        this.handle = handle;
        this.insert = "INSERT INTO " + insertInto + " VALUES ";
        this.rowMarks = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        this.columns = columns;
    }

    void add(Object... row) {
        if (row.length != columns) {
            throw new IllegalArgumentException("Expected " + columns + " values, got " + row.length);
        }
        Collections.addAll(values, row);
        if (++rows == ROWS) {
            flush();
        }
    }

    long total() {
        return total + rows;
    }

    private void flush() {
        if (rows == 0) {
            return;
        }
        var update = handle.createUpdate(insert + String.join(", ", Collections.nCopies(rows, rowMarks)));
        for (int i = 0; i < values.size(); i++) {
            update.bind(i, values.get(i));
        }
        update.execute();
        total += rows;
        rows = 0;
        values.clear();
    }

    @Override
    public void close() {
        flush();
    }
}
