package org.vitrine.nodes;

import org.jdbi.v3.core.Jdbi;
import org.vitrine.db.Dialect;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.util.Properties;

/**
 * NodeChanges is how one process's committed changes reach the other processes on the same database. On
 * PostgreSQL: NOTIFY to send, a listening connection to hear. On SQLite, which serves from one machine only,
 * there is nobody else to tell, and both are no-ops; a second web node started there is warned about.
 */
public final class NodeChanges implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeChanges.class);
    /** Held by the web node of a SQLite site, so that a second one can tell it is not alone. */
    static final String SQLITE_WEB_NODE_LOCK = "web-node.lock";

    private final Dialect dialect;
    private final Path dataDir;
    private FileChannel webNodeLock;
    private boolean anotherWebNode;
    private final String url;
    private final String user;
    private final String password;
    private final ChangeBroadcast broadcast;
    private final String channel;
    private ChangeListener listener;

    public NodeChanges(Dialect dialect, Jdbi jdbi, String url, String user, String password, Path dataDir) {
        this.dialect = dialect;
        this.dataDir = dataDir;
        this.url = url;
        this.user = user;
        this.password = password;
        this.channel = dialect == Dialect.POSTGRES ? PostgresChangeBroadcast.channelOf(jdbi.withHandle(h -> h
                .createQuery("SELECT current_schema()").mapTo(String.class).one())) : null;
        this.broadcast = dialect == Dialect.POSTGRES ? new PostgresChangeBroadcast(jdbi, channel)
                : ChangeBroadcast.NONE;
    }

    public ChangeBroadcast broadcast() {
        return broadcast;
    }

    /** Starts handing every process's changes to the receiver (web nodes, which remember things). */
    public synchronized void listen(ChangeReceiver receiver) {
        if (dialect == Dialect.SQLITE) {
            warnIfAnotherWebNode();
            return;
        }
        if (listener != null) {
            return;
        }
        listener = new ChangeListener(this::connect, channel, receiver).start();
    }

    /** Whether this web node found another serving the same SQLite site when it started (and warned). */
    public synchronized boolean anotherWebNodeOnSqlite() {
        return anotherWebNode;
    }

    /** The listener, when this process listens (for tests and health). */
    public synchronized java.util.Optional<ChangeListener> listener() {
        return java.util.Optional.ofNullable(listener);
    }

    /**
     * Two web nodes on one SQLite site would each serve what they remember after the other changed it. Nothing
     * stops the second (it may be a deliberate, careful setup), but its owner is told.
     */
    private void warnIfAnotherWebNode() {
        boolean alone;
        try {
            webNodeLock = FileChannel.open(dataDir.resolve(SQLITE_WEB_NODE_LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            alone = webNodeLock.tryLock() != null;
        } catch (IOException | OverlappingFileLockException e) {
            alone = false;
        }
        anotherWebNode = !alone;
        if (!alone) {
            log.warn("nodes: another web node is serving this SQLite site ({}). A photo deleted or an album made "
                    + "private through one of them can still be served by the other. Run a single web node on "
                    + "SQLite, or move the site to PostgreSQL for several (docs/deploy.md, Several web nodes).", dataDir);
        }
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
        if (webNodeLock != null) {
            try {
                webNodeLock.close();
            } catch (IOException e) {
                log.debug("nodes: could not close the web node lock: {}", e.toString());
            }
        }
    }
}
