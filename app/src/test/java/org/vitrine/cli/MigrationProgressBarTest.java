package org.vitrine.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress of a move: a bar redrawn in place with the time left on a terminal, plain lines elsewhere. */
class MigrationProgressBarTest {
    private final StringWriter output = new StringWriter();
    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1000));

    @Test
    void a_terminal_gets_one_line_redrawn_with_the_time_left_from_this_runs_speed() {
        var bar = new MigrationProgressBar(new PrintWriter(output), true, now::get);
        long mib = 1024 * 1024;
        bar.advanced(10, 100, 100 * mib, 1000 * mib); // done by an earlier run: not this run's speed
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        bar.advanced(20, 100, 200 * mib, 1000 * mib); // 100 MiB in 10 s: 800 MiB left take 80 s

        assertThat(output.toString()).startsWith("\r[").doesNotContain("\n")
                .contains("20%  20/100 files  200.0 MiB of 1000.0 MiB  about 80 s left");
        bar.note("The copy of x read back damaged: copied again and verified.");
        assertThat(output.toString()).contains(" left\u001b[K\nThe copy of x");
    }

    @Test
    void elsewhere_it_prints_a_plain_line_at_the_start_and_at_each_whole_percent() {
        var bar = new MigrationProgressBar(new PrintWriter(output), false, now::get);
        for (int file = 1; file <= 400; file++) {
            bar.advanced(file, 400, file * 1000L, 400_000L);
        }

        assertThat(output.toString()).doesNotContain("\r").doesNotContain("[#");
        assertThat(output.toString().lines()).hasSize(101).first().asString().isEqualTo(
                "progress: 0%  1/400 files  1 KiB of 391 KiB");
        assertThat(output.toString().lines().toList().getLast()).startsWith("progress: 100%  400/400 files");
    }
}
