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

    /** How long the writer waits for a line before it ends; the next line starts another. */
    static final long IDLE = TimeUnit.SECONDS.toNanos(30);

    /** The thread writing the lines; null while there is none (none was needed for {@link #IDLE}). */
    private Thread writer;

    DecisionLog(PrintStream out) {
        this.out = out;
    }

    /** Writes a line, waiting at most {@link #PATIENCE} for the output to take it. */
    void println(String text) {
        Line line = new Line(text, new CountDownLatch(1));
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
            return;
        }
        startWriter();
        try {
            line.written().await(PATIENCE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A platform thread: a virtual one waited for a carrier that the scans (virtual threads that
     * compute without blocking) kept busy, so under load each session waited its whole
     * {@link #PATIENCE} and its line came after the reply. Daemon, as the JVM must not wait for
     * it at exit; ended when idle, so that the gates a process starts and stops leave no thread each.
     */
    private synchronized void startWriter() {
        if (writer == null) writer = Thread.ofPlatform().daemon(true).name("bayard-decision-log").start(this::write);
    }

    /** Ends the writer when no line came for {@link #IDLE}, unless one is queued (then it goes on). */
    private synchronized boolean ended() {
        if (!queue.isEmpty()) return false;
        writer = null;
        return true;
    }

    private void write() {
        while (true) {
            Line line;
            try {
                line = queue.poll(IDLE, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                synchronized (this) {
                    writer = null;
                }
                return;
            }
            if (line == null) {
                if (ended()) return;
                continue;
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) out.println("{\"event\":\"log-lines-dropped\",\"count\":" + lost + "}");
            out.println(line.text());
            line.written().countDown();
        }
    }
}
