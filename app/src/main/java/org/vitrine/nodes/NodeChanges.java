package org.vitrine.nodes;

import org.jdbi.v3.core.Jdbi;
import org.vitrine.db.Dialect;

import java.sql.DriverManager;
import java.util.Properties;

/**
 * NodeChanges is how one process's committed changes reach the other processes on the same database. On
 * PostgreSQL: NOTIFY to send, a listening connection to hear. On SQLite, which serves from one machine only,
 * there is nobody else to tell, and both are no-ops.
 */
public final class NodeChanges implements AutoCloseable {
    private final Dialect dialect;
    private final String url;
    private final String user;
    private final String password;
    private final ChangeBroadcast broadcast;
    private ChangeListener listener;

    public NodeChanges(Dialect dialect, Jdbi jdbi, String url, String user, String password) {
        this.dialect = dialect;
        this.url = url;
        this.user = user;
        this.password = password;
        this.broadcast = dialect == Dialect.POSTGRES ? new PostgresChangeBroadcast(jdbi) : ChangeBroadcast.NONE;
    }

    public ChangeBroadcast broadcast() {
        return broadcast;
    }

    /** Starts handing every process's changes to the receiver (web nodes, which remember things). */
    public synchronized void listen(ChangeReceiver receiver) {
        if (dialect != Dialect.POSTGRES || listener != null) {
            return;
        }
        listener = new ChangeListener(this::connect, receiver).start();
    }

    /** The listener, when this process listens (for tests and health). */
    public synchronized java.util.Optional<ChangeListener> listener() {
        return java.util.Optional.ofNullable(listener);
    }

    private java.sql.Connection connect() throws java.sql.SQLException {
        var properties = new Properties();
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", ChangeListener.APPLICATION_NAME);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close();
        }
    }
}
