package org.vitrine.nodes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Changes travel between nodes as short texts; anything else on the channel is ignored, never misread. */
class ChangeTest {
    @Test
    void every_kind_of_change_reads_back_as_it_was_sent() {
        for (Change change : new Change[]{Change.photo(42), Change.album(7), Change.sessionsOf(3),
                Change.shareLink(9), Change.session("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")}) {
            assertThat(Change.parse(change.encode())).contains(change);
        }
        assertThat(Change.photo(42).encode()).isEqualTo("photo:42");
    }

    @Test
    void unknown_kinds_and_malformed_payloads_are_ignored() {
        assertThat(Change.parse(null)).isEmpty();
        assertThat(Change.parse("")).isEmpty();
        assertThat(Change.parse("photo:")).isEmpty();
        assertThat(Change.parse(":42")).isEmpty();
        assertThat(Change.parse("photo:42; DROP TABLE photos")).isEmpty();
        assertThat(Change.parse("comment:5")).isEmpty();
        assertThat(Change.parse("album:-1")).isEmpty();
        assertThat(Change.parse("album:99999999999999999999")).isEmpty();
        assertThat(Change.parse("session:NOT-A-HASH")).isEmpty();
    }

    @Test
    void each_schema_has_its_own_channel_so_sites_sharing_a_database_do_not_hear_each_other() {
        assertThat(PostgresChangeBroadcast.channelOf("public")).isEqualTo("vitrine_changes");
        assertThat(PostgresChangeBroadcast.channelOf("t_1a2b")).isEqualTo("vitrine_changes_t_1a2b");
        assertThat(PostgresChangeBroadcast.channelOf("My \"odd\" schema")).isEqualTo("vitrine_changes_My__odd__schema");
        assertThat(PostgresChangeBroadcast.channelOf("s".repeat(100))).hasSize(63);
    }
}
