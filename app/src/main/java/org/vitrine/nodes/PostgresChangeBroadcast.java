package org.vitrine.nodes;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgresChangeBroadcast sends each change as a NOTIFY on {@link #CHANNEL}, through the ordinary connection pool.
 * PostgreSQL delivers it to every connection LISTENing there, this process's own listener included (which is
 * harmless: forgetting twice is the same as once).
 */
public final class PostgresChangeBroadcast implements ChangeBroadcast {
    /** The one channel all Vitrine processes on a database use. */
    public static final String CHANNEL = "vitrine_changes";
    private static final Logger log = LoggerFactory.getLogger(PostgresChangeBroadcast.class);

    private final Jdbi jdbi;

    public PostgresChangeBroadcast(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void send(Change change) {
        try {
            // pg_notify rather than NOTIFY: the payload is a bound parameter, never spliced into SQL.
            jdbi.useHandle(h -> h.createQuery("SELECT pg_notify(:channel, :payload)")
                    .bind("channel", CHANNEL)
                    .bind("payload", change.encode())
                    .mapTo(String.class)
                    .findOne());
        } catch (RuntimeException e) {
            // The database refused a notification right after it took the change: the other nodes' listeners are
            // most likely cut off too, and they forget everything when they reconnect.
            log.error("nodes: could not tell the other web nodes of {} ({}); they may serve it as before until "
                    + "their connection to the database is renewed", change.encode(), e.toString());
        }
    }
}
