package org.bayard.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigLoader;
import org.bayard.app.desk.Desk;
import org.bayard.app.gate.GateService;
import org.bayard.http.HttpService;

/**
 * Reloads {@code bayard serve}'s configuration on SIGHUP and when the file changes. The watcher
 * compares the file's content, not its time stamp (which misses a rewrite within its tick, or one
 * by {@code cp -p}), and applies a change only once the content has stayed the same for the settle
 * interval: an editor or a deployment tool that writes the file in several writes leaves a shorter
 * file between them, often valid YAML (the first sections, the rest at their defaults), which was
 * applied until the rest arrived. SIGHUP is a postmaster's word that the file is finished and
 * reloads at once. A new file that does not load is refused with one log line naming the problem,
 * and the running configuration stays; a good one applies to messages that follow, and its HTTP
 * users, roles, scopes and passwords to the requests that follow.
 */
final class ServeReload implements AutoCloseable {
    /**
     * Longer than the pauses between the writes of one save (an editor's, or a deployment tool's
     * copy), short enough that a postmaster who saved sees it applied at once.
     */
    static final Duration SETTLE = Duration.ofSeconds(1);
    /** How long close waits for a reload under way. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Path file;
    private final UnaryOperator<BayardConfig> overrides;
    private final GateService gate;
    /** The HTTP service whose users a reload replaces; null when serve runs without one. */
    private final HttpService web;
    private final PrintStream err;
    /** The configuration serve started with: what a reload cannot change keeps its values until a restart. */
    private final BayardConfig started;
    /** How long a changed file must stay the same before the watcher applies it. */
    private final Duration settle;
    private final Thread watcher;
    /** The file's bytes as last reloaded (or at start); null when it could not be read. */
    private volatile byte[] seen;
    /** Counted down by close: wakes the watcher from its pause between reads, without an interrupt. */
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Why the file could not be read at the last try ("permission denied"); null when it could. */
    private volatile String unreadable;

    /**
     * @param startedOn the file's bytes as the start read them (its content may have changed since)
     * @param overrides the command line's options, applied to each configuration the file gives
     * @param settle how long a changed file must stay the same before it is applied
     */
    ServeReload(Path file, byte[] startedOn, UnaryOperator<BayardConfig> overrides, Duration settle, BayardConfig started,
                GateService gate, HttpService web, PrintStream err) {
        this.file = file;
        this.overrides = overrides;
        this.settle = settle;
        this.started = started;
        this.gate = gate;
        this.web = web;
        this.err = err;
        // not the file as it is now: an edit made while serve started is a change the watcher applies
        this.seen = startedOn;
        installHangupHandler();
        this.watcher = Thread.ofPlatform().daemon(true).name("config-watch").start(this::watch);
    }

    /**
     * A process whose parent ignored SIGHUP (nohup does) inherits that, and the JVM then keeps
     * it ignored without a word: the handler is not installed and {@code handle} answers SIG_IGN.
     * Said once at start, so that a postmaster's {@code kill -HUP} is not silently lost.
     */
    private void installHangupHandler() {
        try {
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> reload("SIGHUP", content()));
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                err.println("bayard serve: SIGHUP is ignored in this process (its parent ignored it, as nohup does), so it"
                        + " cannot reload the configuration; file changes still reload. Start it without nohup to reload on SIGHUP");
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            err.println("bayard serve: no SIGHUP reload on this platform (" + e.getMessage() + "); file changes still reload");
        }
    }

    /**
     * Serve without a configuration file has nothing to reload, but SIGHUP must still be caught:
     * the JVM's default action for it is to exit, and a service manager's reload stopped the gate.
     */
    static void answerHangupWithoutFile(PrintStream err) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> err.println("bayard serve: SIGHUP: no configuration file"
                    + " to reload (started without --config or $BAYARD_CONFIG); running on as before"));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGHUP on this platform: nothing can send it either
        }
    }

    /**
     * Reads the file a few times per settle interval. A change is applied when two reads at least
     * the settle interval apart, and every read between them, found the same bytes: a writer that
     * is still at work changes them in between.
     */
    private void watch() {
        long pollMillis = Math.max(10, Math.min(1000, settle.toMillis() / 4));
        byte[] pending = null; // a changed content waiting to settle, and since when it was seen
        long pendingSince = 0;
        while (true) {
            try {
                if (closed.await(pollMillis, TimeUnit.MILLISECONDS)) return;
            } catch (InterruptedException e) {
                return;
            }
            byte[] now = content();
            if (now == null) {
                pending = null;
                if (seen != null) {
                    // said once, so that a removed (or unreadable) file is not taken for one still in force
                    seen = null;
                    // the reason, not a guess: a file put in place by root with mode 600 is there, and unreadable
                    String why = unreadable == null ? "" : unreadable;
                    err.println("bayard serve: configuration " + file + " cannot be read ("
                            + (why.equals("no such file") ? why + ": removed?" : why)
                            + "), keeping the running one; it is reloaded once it can be read");
                }
            } else if (Arrays.equals(now, seen)) {
                pending = null; // as applied (an edit undone, or SIGHUP got there first)
            } else if (!Arrays.equals(now, pending)) {
                pending = now;
                pendingSince = System.nanoTime();
            } else if (System.nanoTime() - pendingSince >= settle.toNanos()) {
                reloadIfUnchanged(now);
                pending = null;
            }
        }
    }

    /** As much as the loader would read: enough to see a change, never a whole mailbox a second. */
    private byte[] content() {
        try {
            byte[] bytes = ConfigLoader.head(file);
            unreadable = null;
            return bytes;
        } catch (IOException e) {
            unreadable = org.bayard.core.IoProblem.reason(e);
            return null;
        }
    }

    /**
     * The watcher's reload, of the bytes that settled, unless the file changed again since (the
     * watcher then waits for that change to settle) or SIGHUP has reloaded it meanwhile.
     */
    private synchronized void reloadIfUnchanged(byte[] settled) {
        if (Arrays.equals(settled, seen) || !Arrays.equals(settled, content())) return;
        reload("file changed", settled);
    }

    /** Applies {@code bytes}, the file's content (null when it cannot be read), or says why not. */
    synchronized void reload(String why, byte[] bytes) {
        if (closed.getCount() == 0) return; // a SIGHUP as serve stops: the gate is closing
        seen = bytes; // what this reload reads, so that the watcher does not reload it a second time
        try {
            // At start an empty file means the defaults; here it is far likelier an editor's save
            // caught between truncating and writing, and the defaults would drop the traps, the
            // next hop and the relay domains until the next edit.
            if (bytes != null && bytes.length == 0) throw new IllegalStateException("the file is empty (caught while being written?);"
                    + " restart serve to run on the defaults");
            BayardConfig next = overrides.apply(bytes == null ? ConfigLoader.load(file) : ConfigLoader.parse(bytes, file));
            // a changed mode changes what senders hear for spam: said, not left to the postmaster to infer
            String changes = gate.config().smtp().modeNote().equals(next.smtp().modeNote()) ? "" : "; now " + next.smtp().modeNote();
            // the HTTP service's certificate is read before anything is applied: one that will not do refuses the whole file
            java.util.Optional<org.bayard.http.HttpSettings.Https> https = next.http().flatMap(Desk::certificate);
            java.util.Optional<String> tlsBefore = gate.startTlsNote();
            List<String> ignored = new ArrayList<>(gate.reload(next));
            // after a renewal the postmaster reloads to have the new certificate: said, with its new expiry
            if (!gate.startTlsNote().equals(tlsBefore)) changes += "; now " + gate.startTlsNote().orElse("without STARTTLS");
            ignored.addAll(Desk.reload(web, started.http(), next.http(), https));
            if (!started.spamd().equals(next.spamd())) ignored.add("spamd");
            if (!started.milter().equals(next.milter())) ignored.add("milter");
            if (!started.redis().equals(next.redis())) ignored.add("redis");
            err.println("bayard serve: configuration " + file + " reloaded (" + why + ")" + changes
                    + (ignored.isEmpty() ? "" : "; these need a restart and keep their old values: " + String.join(", ", ignored)));
            warn(err, file, next);
        } catch (RuntimeException e) {
            err.println("bayard serve: configuration " + file + " refused (" + why + "), keeping the running one: " + e.getMessage());
        }
    }

    /**
     * What {@code config check} warns about in a file it accepts (X-Spam-* fields that would not
     * say what the postmaster meant), said for the file serve starts with and each one it
     * reloads: the file of a running service is edited in place and seldom checked first.
     */
    static void warn(PrintStream err, Path file, BayardConfig config) {
        for (String w : org.bayard.app.config.HeaderAgreement.warnings(config)) err.println("bayard serve: " + file + ": warning: " + w);
    }

    /**
     * Stops the watcher and waits for a reload under way: serve closes the HTTP side and the gate
     * next, and a reload left running applied itself to them as they closed and said so after
     * serve's last line. Not interrupted: that closed the file under a read of it, and the watcher
     * said the configuration could not be read.
     */
    @Override
    public void close() {
        closed.countDown();
        try {
            // a reload reads a small file and swaps settings; the bound only keeps a stuck one from holding the stop
            watcher.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            // a SIGHUP's reload under way (reload holds this lock) has finished; later ones do nothing
        }
    }
}
