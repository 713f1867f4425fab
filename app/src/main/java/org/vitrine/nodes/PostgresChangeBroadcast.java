package org.vitrine.nodes;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgresChangeBroadcast sends each change as a NOTIFY on the site's channel ({@link #channelOf}), through the
 * ordinary connection pool. PostgreSQL delivers it to every connection LISTENing there, this process's own
 * listener included (which is harmless: forgetting twice is the same as once).
 */
public final class PostgresChangeBroadcast implements ChangeBroadcast {
    private static final String CHANNEL = "vitrine_changes";
    private static final Logger log = LoggerFactory.getLogger(PostgresChangeBroadcast.class);

    private final Jdbi jdbi;
    private final String channel;

    public PostgresChangeBroadcast(Jdbi jdbi, String channel) {
        this.jdbi = jdbi;
        this.channel = channel;
    }

    /**
     * The channel of the site whose tables are in this schema. Notifications go to the whole database, so two
     * sites in two schemas of one database (or the tests' schemas on one server) must not hear each other.
     */
    public static String channelOf(String schema) {
        if (schema == null || schema.equals("public")) {
            return CHANNEL;
        }
        String name = CHANNEL + "_" + schema.replaceAll("[^A-Za-z0-9_]", "_");
        // PostgreSQL keeps 63 bytes of an identifier.
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    @Override
    public void send(Change change) {
        try {
            // pg_notify rather than NOTIFY: the payload is a bound parameter, never spliced into SQL.
            jdbi.useHandle(h -> h.createQuery("SELECT pg_notify(:channel, :payload)")
                    .bind("channel", channel)
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
