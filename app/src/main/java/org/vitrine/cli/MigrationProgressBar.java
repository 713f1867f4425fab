package org.vitrine.cli;

import org.vitrine.storage.migrate.MigrationProgress;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * MigrationProgressBar shows a move's progress: on a terminal one line redrawn in place, a bar with files, bytes
 * and the time left estimated from this run's speed; elsewhere (a log, a pipe) a plain line at each whole percent.
 */
final class MigrationProgressBar implements MigrationProgress {
    private static final int WIDTH = 30;
    /** A terminal is redrawn at most this often: drawing costs more than copying a small file. */
    private static final long REDRAW_NANOS = Duration.ofMillis(200).toNanos();

    private final PrintWriter out;
    private final boolean terminal;
    private final java.util.function.LongSupplier nanoTime;
    private final long startedAt;
    private long bytesAtStart = -1;
    private long lastDrawn;
    private int lastPercent = -1;
    private boolean barShown;

    MigrationProgressBar(PrintWriter out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    /** With the clock given, for tests. */
    MigrationProgressBar(PrintWriter out, boolean terminal, java.util.function.LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.startedAt = nanoTime.getAsLong();
    }

    @Override
    public synchronized void advanced(long filesDone, long filesTotal, long bytesDone, long bytesTotal) {
        if (bytesAtStart < 0) {
            bytesAtStart = bytesDone; // what an earlier run copied does not speak for this run's speed
        }
        int percent = bytesTotal == 0 ? 100 : (int) Math.min(100, bytesDone * 100 / bytesTotal);
        long now = nanoTime.getAsLong();
        String status = String.format("%3d%%  %d/%d files  %s of %s%s", percent, filesDone, filesTotal,
                size(bytesDone), size(bytesTotal), timeLeft(bytesDone, bytesTotal, now));
        if (terminal) {
            if (now - lastDrawn >= REDRAW_NANOS || filesDone == filesTotal) {
                int filled = WIDTH * percent / 100;
                out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + status + "\u001b[K");
                out.flush();
                lastDrawn = now;
                barShown = true;
            }
        } else if (percent != lastPercent) {
            out.println("progress: " + status.strip());
            out.flush();
        }
        lastPercent = percent;
    }

    @Override
    public synchronized void note(String line) {
        end();
        out.println(line);
        out.flush();
    }

    /** Ends the bar's line, so that what is printed next starts on a line of its own. */
    synchronized void end() {
        if (barShown) {
            out.println();
            out.flush();
            barShown = false;
        }
    }

    private String timeLeft(long bytesDone, long bytesTotal, long now) {
        long copied = bytesDone - bytesAtStart;
        double seconds = (now - startedAt) / 1e9;
        if (copied <= 0 || seconds < 1 || bytesDone >= bytesTotal) {
            return "";
        }
        long left = (long) ((bytesTotal - bytesDone) / (copied / seconds));
        return "  about " + (left < 90 ? left + " s" : left < 90 * 60 ? (left + 30) / 60 + " min"
                : String.format("%.1f h", left / 3600.0)) + " left";
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return (bytes + 1023) / 1024 + " KiB";
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
