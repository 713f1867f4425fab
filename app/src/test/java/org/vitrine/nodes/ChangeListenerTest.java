package org.vitrine.nodes;

import org.junit.jupiter.api.Test;
import org.vitrine.testing.Eventually;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that cannot hear other nodes' changes keeps forgetting what it remembers, so it never serves from memory
 * what another node may have changed meanwhile.
 */
class ChangeListenerTest {
    @Test
    void a_listener_stuck_connecting_to_a_database_that_never_answers_keeps_its_node_forgetting() throws Exception {
        var forgotten = new AtomicInteger();
        var heard = new AtomicInteger();
        var receiver = new ChangeReceiver() {
            @Override
            public void changed(Change change) {
                heard.incrementAndGet();
            }

            @Override
            public void forgetEverything() {
                forgotten.incrementAndGet();
            }
        };
        // A "database" that takes connections (the kernel accepts them) and never says a word: the listener's
        // connection attempt hangs, so only its forgetting while unheard can keep the node exact.
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var listener = new ChangeListener(() -> DriverManager.getConnection(
                     "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/vitrine"), "vitrine_changes", receiver).start()) {
            Eventually.until("forgotten again and again", () -> forgotten.get() >= 5);
            assertThat(listener.listens()).isZero();
            assertThat(heard).hasValue(0);
        }
    }
}
