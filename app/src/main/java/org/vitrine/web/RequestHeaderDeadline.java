package org.vitrine.web;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * RequestHeaderDeadline closes HTTP/1 connections whose request headers are not complete within a deadline of
 * their first byte. Jetty's idle timeout alone never fires for a client that sends one header byte every few
 * seconds (slowloris), and its minimum data rate covers bodies only; each such connection would otherwise be
 * kept forever. Added to a connector as a bean, it sees every connection the connector opens.
 */
public final class RequestHeaderDeadline extends AbstractLifeCycle implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(RequestHeaderDeadline.class);

    private final long deadlineNanos;
    private final long sweepMillis;
    private final Map<HttpConnection, Started> open = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    public RequestHeaderDeadline(Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
        // Checking a few times per deadline closes a slow client at most a quarter late.
        this.sweepMillis = Math.max(50, deadline.toMillis() / 4);
    }

    /** When the connection was first seen in the middle of its request number {@code request}'s headers. */
    private record Started(long request, long nanos) {
        static final Started NOT_IN_HEADERS = new Started(-1, 0);
    }

    @Override
    protected void doStart() {
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("vitrine-header-deadline").factory());
        sweeper.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
        open.clear();
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.put(http, Started.NOT_IN_HEADERS);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    private void sweep() {
        long now = System.nanoTime();
        open.replaceAll((connection, started) -> {
            var parser = connection.getParser();
            // START is an idle keep-alive connection (the idle timeout's business); past the headers the
            // minimum data rate applies.
            if (parser.isStart() || !parser.inHeaderState()) {
                return Started.NOT_IN_HEADERS;
            }
            long request = connection.getMessagesIn();
            if (started.request() != request) {
                return new Started(request, now);
            }
            if (now - started.nanos() > deadlineNanos) {
                log.debug("web: closing {}: request headers not complete within the deadline", connection);
                connection.getEndPoint().close();
            }
            return started;
        });
    }
}
