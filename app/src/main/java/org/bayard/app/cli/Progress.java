package org.bayard.app.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display on a terminal (redrawn with {@code \r}, at most every 200 ms);
 * silent when output is not a terminal, so logs and pipes stay clean.
 */
final class Progress {
    private static final char[] BAR = "##########".toCharArray();
    private final PrintStream err;
    private final boolean enabled;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int done;

    /** @param total the number of steps when known, else 0 */
    Progress(PrintStream err, boolean enabled, String label, int total) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
    }

    void step() {
        done++;
        long now = System.nanoTime();
        if (enabled && now - lastDraw > 200_000_000L) {
            lastDraw = now;
            draw(now);
        }
    }

    int done() {
        return done;
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    void finish() {
        if (enabled) {
            draw(System.nanoTime());
            err.print('\n');
            err.flush();
        }
    }

    private void draw(long now) {
        double secs = Math.max(1e-9, (now - start) / 1e9);
        String rate = String.format(Locale.ROOT, "%.0f msg/s", done / secs);
        if (total > 0) {
            int filled = (int) ((long) BAR.length * Math.min(done, total) / total);
            String bar = new String(BAR, 0, filled) + " ".repeat(BAR.length - filled);
            err.printf(Locale.ROOT, "\r%s [%s] %d/%d  %s ", label, bar, done, total, rate);
        } else {
            err.printf(Locale.ROOT, "\r%s %d  %s ", label, done, rate);
        }
        err.flush();
    }
}
