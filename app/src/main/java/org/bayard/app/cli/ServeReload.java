package org.bayard.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.desk.Desk;
import org.bayard.app.gate.GateService;
import org.bayard.http.HttpService;

/**
 * Reloads {@code bayard serve}'s configuration on SIGHUP and when the file changes (its content is
 * compared every second: a time stamp misses a rewrite within its tick, or one by {@code cp -p}). A new file that does not load is refused with one log line naming
 * the problem, and the running configuration stays; a good one applies to messages that follow,
 * and its HTTP users, roles, scopes and passwords to the requests that follow.
 */
final class ServeReload implements AutoCloseable {
    private final Path file;
    private final Supplier<BayardConfig> load;
    private final GateService gate;
    /** The HTTP service whose users a reload replaces; null when serve runs without one. */
    private final HttpService web;
    private final PrintStream err;
    /** The configuration serve started with: what a reload cannot change keeps its values until a restart. */
    private final BayardConfig started;
    private final Thread watcher;
    /** The file's bytes as last reloaded (or at start); null when it could not be read. */
    private volatile byte[] seen;
    private volatile boolean closed;

    ServeReload(Path file, Supplier<BayardConfig> load, BayardConfig started, GateService gate, HttpService web, PrintStream err) {
        this.file = file;
        this.load = load;
        this.started = started;
        this.gate = gate;
        this.web = web;
        this.err = err;
        this.seen = content();
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
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> reload("SIGHUP"));
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

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            byte[] now = content();
            if (now == null && seen != null) {
                // said once, so that a removed (or unreadable) file is not taken for one still in force
                seen = null;
                err.println("bayard serve: configuration " + file + " cannot be read (removed?), keeping the running one;"
                        + " it is reloaded when it is back");
            } else if (now != null && !Arrays.equals(now, seen)) {
                reload("file changed");
            }
        }
    }

    /** As much as the loader would read: enough to see a change, never a whole mailbox a second. */
    private byte[] content() {
        try {
            return org.bayard.app.config.ConfigLoader.head(file);
        } catch (IOException e) {
            return null;
        }
    }

    synchronized void reload(String why) {
        seen = content(); // what this reload reads, so that the watcher does not reload it a second time
        try {
            // At start an empty file means the defaults; here it is far likelier an editor's save
            // caught between truncating and writing, and the defaults would drop the traps, the
            // next hop and the relay domains until the next edit.
            if (isEmpty(file)) throw new IllegalStateException("the file is empty (caught while being written?);"
                    + " restart serve to run on the defaults");
            BayardConfig next = load.get();
            List<String> ignored = new ArrayList<>(gate.reload(next));
            ignored.addAll(Desk.reload(web, started.http(), next.http()));
            err.println("bayard serve: configuration " + file + " reloaded (" + why + ")"
                    + (ignored.isEmpty() ? "" : "; these need a restart and keep their old values: " + String.join(", ", ignored)));
        } catch (RuntimeException e) {
            err.println("bayard serve: configuration " + file + " refused (" + why + "), keeping the running one: " + e.getMessage());
        }
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            return false; // the load says what is wrong with it
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
    }
}
