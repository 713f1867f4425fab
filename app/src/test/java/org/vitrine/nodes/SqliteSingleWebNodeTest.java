package org.vitrine.nodes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.testing.TestApp;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQLite site serves from one web node: a second one started on the same data folder is told at start-up
 * (it would not hear of the first one's changes), and one started after the first stopped is not.
 */
class SqliteSingleWebNodeTest {
    @TempDir
    Path dataDir;

    @Test
    void a_second_web_node_on_the_same_sqlite_site_is_warned_and_a_later_one_alone_is_not() {
        try (App first = TestApp.start(dataDir)) {
            assertThat(first.nodeChanges().anotherWebNodeOnSqlite()).isFalse();
            try (App second = TestApp.start(dataDir)) {
                assertThat(second.nodeChanges().anotherWebNodeOnSqlite()).isTrue();
            }
        }
        try (App later = TestApp.start(dataDir)) {
            assertThat(later.nodeChanges().anotherWebNodeOnSqlite()).isFalse();
        }
    }
}
