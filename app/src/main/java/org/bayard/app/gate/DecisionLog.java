package org.bayard.app.gate;

import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gate's decision lines, written to standard output by one thread of their own. A reader that
 * stops reading (a stalled journald, a pipe to a logger that hangs) blocks a write; when the
 * sessions wrote themselves, each one hung in its log line just after its reply, kept its
 * connection for good, and within minutes every client got 421. Now a session waits for its line
 * at most {@link #PATIENCE}, which is no wait at all while the reader keeps up; past that, lines
 * queue up to {@link #CAPACITY} and then are dropped, and a line says how many.
 */
final class DecisionLog {
    static final long PATIENCE = TimeUnit.SECONDS.toNanos(1);
    static final int CAPACITY = 10_000;

    private record Line(String text, CountDownLatch written) {}

    private final PrintStream out;
    private final BlockingQueue<Line> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();

    DecisionLog(PrintStream out) {
        this.out = out;
        Thread.ofVirtual().name("bayard-decision-log").start(this::write);
    }

    /** Writes a line, waiting at most {@link #PATIENCE} for the output to take it. */
    void println(String text) {
        Line line = new Line(text, new CountDownLatch(1));
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
            return;
        }
        try {
            line.written().await(PATIENCE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        while (true) {
            Line line;
            try {
                line = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) out.println("{\"event\":\"log-lines-dropped\",\"count\":" + lost + "}");
            out.println(line.text());
            line.written().countDown();
        }
    }
}
