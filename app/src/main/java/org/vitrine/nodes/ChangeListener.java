package org.vitrine.nodes;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ChangeListener hears, on a connection of its own, the changes every process on the PostgreSQL database
 * announces ({@link PostgresChangeBroadcast}) and hands them to a {@link ChangeReceiver}. Notifications sent while
 * it is not listening are lost, so each time it starts listening (the first time and after every reconnect) it
 * first has the receiver forget everything: what is remembered afterwards was read after the LISTEN, and any
 * later change reaches it. While it is not listening (before the first connection, or cut off from the database)
 * nothing remembered can be trusted for long: the receiver is made to forget everything every
 * {@link #UNHEARD_FORGET_EVERY}, so the node stays exact, only slower, until it hears again.
 */
public final class ChangeListener implements AutoCloseable {
    /** The connection's application name, as pg_stat_activity shows it. */
    public static final String APPLICATION_NAME = "vitrine changes listener";
    private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
    /** How long one wait for notifications lasts: also how long closing may take. */
    private static final int WAIT_MILLIS = 500;
    /**
     * A quiet connection is checked this often, so a dead one is noticed (a half-open TCP never errs): in a network
     * cut, what is remembered may be believed this long plus the check's own time-out.
     */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final int CHECK_TIMEOUT_SECONDS = 2;
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);
    /** How often everything is forgotten while changes cannot be heard: well under the one second promised. */
    static final Duration UNHEARD_FORGET_EVERY = Duration.ofMillis(200);

    /** Opens a new connection to the database; the listener owns and closes it. */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final String channel;
    private final ChangeReceiver receiver;
    private final AtomicLong listens = new AtomicLong();
    private volatile int backendPid;
    private volatile boolean closed;
    private volatile boolean hearing;
    private Thread thread;
    private java.util.concurrent.ScheduledExecutorService unheard;

    /** @param channel as {@link PostgresChangeBroadcast#channelOf} names it (letters, digits and _ only) */
    public ChangeListener(Connector connector, String channel, ChangeReceiver receiver) {
        this.connector = connector;
        this.channel = channel;
        this.receiver = receiver;
    }

    public ChangeListener start() {
        unheard = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("node-changes-unheard").daemon().factory());
        unheard.scheduleWithFixedDelay(this::forgetIfNotHearing, 0, UNHEARD_FORGET_EVERY.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        thread = Thread.ofPlatform().name("node-changes").daemon().start(this::run);
        return this;
    }

    private void forgetIfNotHearing() {
        if (!hearing && !closed) {
            try {
                receiver.forgetEverything();
            } catch (RuntimeException e) {
                log.error("nodes: could not forget what this node remembered", e);
            }
        }
    }

    /** How many times it has started listening: 1 after the first connection, more after reconnects. */
    public long listens() {
        return listens.get();
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (!closed) {
            try (Connection connection = connector.open()) {
                try (var statement = connection.createStatement()) {
                    // Quoted: pg_notify names the channel exactly, where an unquoted LISTEN would lower its case.
                    statement.execute("LISTEN \"" + channel + "\"");
                }
                backendPid = connection.unwrap(PGConnection.class).getBackendPID();
                receiver.forgetEverything();
                hearing = true;
                if (listens.incrementAndGet() > 1) {
                    log.info("nodes: listening to other nodes' changes again; what this node remembered was "
                            + "forgotten, as changes may have been missed");
                }
                retry = FIRST_RETRY;
                listen(connection);
            } catch (SQLException | RuntimeException e) {
                hearing = false;
                if (closed) {
                    return;
                }
                receiver.forgetEverything();
                log.warn("nodes: lost the database connection that hears other nodes' changes ({}); "
                        + "reconnecting in {} ms", e.toString(), retry.toMillis());
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException interrupted) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            }
        }
    }

    /** The server process of the listening connection, as pg_stat_activity shows it (0 before the first). */
    public int backendPid() {
        return backendPid;
    }

    private void listen(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long checkedAt = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                for (PGNotification notification : notifications) {
                    deliver(notification.getParameter());
                }
                checkedAt = System.nanoTime();
            } else if (System.nanoTime() - checkedAt > CHECK_EVERY.toNanos()) {
                if (!connection.isValid(CHECK_TIMEOUT_SECONDS)) {
                    throw new SQLException("the connection stopped answering");
                }
                checkedAt = System.nanoTime();
            }
        }
    }

    private void deliver(String payload) {
        var change = Change.parse(payload);
        if (change.isEmpty()) {
            log.warn("nodes: ignored a change this version does not know: '{}'", payload);
            return;
        }
        try {
            receiver.changed(change.get());
        } catch (RuntimeException e) {
            // Half applied is worse than cold: forget everything rather than keep what may be stale.
            log.error("nodes: could not apply {}; forgetting everything instead", payload, e);
            receiver.forgetEverything();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (unheard != null) {
            unheard.shutdownNow();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
