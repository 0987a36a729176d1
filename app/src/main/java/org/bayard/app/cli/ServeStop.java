package org.bayard.app.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bayard.app.config.StopTimeout;
import org.bayard.app.desk.LateWrites;
import org.bayard.app.gate.GateService;
import org.bayard.http.HttpService;
import org.bayard.http.wire.Seconds;

/**
 * {@code bayard serve}'s stop, as its log tells it. The start had its line ("listening on") and
 * the stop none, so a postmaster reading the journal could not tell a clean stop from a crash or
 * a kill -9, nor learn what a stop cut short. Now the stop has two lines: when it begins (the
 * signal, and what is under way: sessions with a message in hand, moderators' releases, HTTP
 * requests) and when it is over (stopped cleanly, or what it left, a release in doubt named with
 * its next hop). A second signal while stopping, SIGHUP while stopping, and SIGHUP during the
 * start each get one line and change nothing; a stop before serve listens ends the start at once.
 *
 * <p>The JVM runs its shutdown hooks and halts as soon as they return, so the hook waits here
 * for the main thread to close everything and say so, for smtp.stop-timeout-seconds at most.
 */
final class ServeStop {
    private static final String NOTHING = "nothing under way";

    /**
     * How long the hook lets the main thread close everything (the HTTP side's drain, the SMTP
     * side's beside it, then the store), and how long from the stop's start it waits for the HTTP
     * side's writes answered 503 as they outlasted their budget (see {@link LateWrites}), as for
     * the SMTP side's sessions: a store write is waited for again as the store closes, until the
     * whole is over. The default until the configuration is read: a stop before then waits for nothing.
     */
    private volatile StopTimeout timeout = StopTimeout.DEFAULT;

    private final PrintStream err;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch over = new CountDownLatch(1);
    /** The signal that began the stop ("SIGTERM"), null until one came. */
    private volatile String signal;
    private volatile GateService gate;
    private volatile HttpService web;
    /** The HTTP side's writes answered 503 and still going; null until serve is up, or without an HTTP side. */
    private volatile LateWrites late;
    /** When the stop began (of {@link System#nanoTime}), once it did. */
    private volatile long began;
    /** Set (under this object's lock) once serve opens what takes mail: a stop before it has nothing to wait for. */
    private boolean opening;
    /** Set once the stop line is said: from then on a signal is a second one. */
    private volatile boolean stopping;

    private ServeStop(PrintStream err) {
        this.err = err;
    }

    /**
     * Takes over SIGTERM and SIGINT (to learn which one began the stop; each still ends the JVM as
     * the JVM's own handler did, exit 143 or 130) and adds the hook that waits for the close.
     * From the very start of serve, so that a signal during the start is a stop like any other.
     */
    static ServeStop install(PrintStream err) {
        ServeStop stop = new ServeStop(err);
        stop.take("TERM", stop::signalled);
        stop.take("INT", stop::signalled);
        // the JVM's own answer to SIGHUP is to exit: a service manager's reload during the start stopped serve
        stop.take("HUP", sig -> err.println("bayard serve: SIGHUP during the start: not reloaded now (the start reads the"
                + " configuration once); a change to the file made meanwhile is applied once serve is listening"));
        Runtime.getRuntime().addShutdownHook(new Thread(stop::hook, "bayard-serve-stop"));
        return stop;
    }

    /** Answers signal {@code name} with {@code handler}, unless the process inherited it ignored (nohup; INT in a background job). */
    private void take(String name, sun.misc.SignalHandler handler) {
        try {
            sun.misc.Signal sig = new sun.misc.Signal(name);
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(sig, handler);
            // the JVM leaves an inherited SIG_IGN so, and so do we (ServeReload says so for SIGHUP)
            if (previous == sun.misc.SignalHandler.SIG_IGN) sun.misc.Signal.handle(sig, sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // not on this platform (or -Xrs): the JVM's own handling stands, and the stop line says "on shutdown"
        }
    }

    private void signalled(sun.misc.Signal sig) {
        String name = "SIG" + sig.getName();
        if (signal != null) {
            again(name);
            return;
        }
        signal = name;
        // as the JVM's own handler: run the hooks, then exit with 128 + the signal's number
        Thread.ofPlatform().name("bayard-serve-exit").start(() -> System.exit(128 + sig.getNumber()));
    }

    /**
     * A second SIGTERM or SIGINT (an impatient operator, a service manager's stop and then its
     * kill mode's): said once, with what the stop still waits for; the stop goes on, as cutting it
     * short now would cut off what it waits for (kill -9 does that).
     */
    private void again(String name) {
        err.println("bayard serve: " + name + " while stopping: the stop goes on"
                + (stopping ? "; " + underWay() : " (the start had not finished)")
                + "; it takes " + Seconds.of(timeout.whole()) + " at most (kill -9 cuts off what is under way)");
    }

    private void hook() {
        synchronized (this) {
            requested.countDown();
            if (!opening) {
                // nothing opened yet, so nothing to close or wait for: the start (a store's check can take minutes) ends here
                if (signal != null) err.println("bayard serve: stopped on " + signal + " before it listened: no mail taken");
                return;
            }
        }
        try {
            if (!over.await(timeout.whole().toMillis(), TimeUnit.MILLISECONDS)) {
                err.println("bayard serve: stopped after " + Seconds.of(timeout.whole()) + " without waiting for the rest of the stop; "
                        + underWay());
                // the JVM halts as this returns: a write still waiting (for another process's store lock) is never made
                LateWrites l = late;
                if (l != null) l.notMade().forEach(what -> err.println("bayard serve: " + what));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Serve is about to open the gate and take mail: from now on a stop waits for the close.
     * False when a stop came first: the hook has said so, and nothing is to be opened.
     */
    synchronized boolean opening() {
        if (requested.getCount() == 0) return false;
        opening = true;
        return true;
    }

    /** The configuration is read: the stop takes at most {@code t} (smtp.stop-timeout-seconds), each of its waits its share. */
    void timeout(StopTimeout t) {
        timeout = t;
    }

    /** The signal that asked the stop, or "shutdown" (the JVM ending otherwise). */
    String signal() {
        String s = signal;
        return s == null ? "shutdown" : s;
    }

    /** Serve is up: from now on the stop says what the gate and the HTTP side (null when none) have under way. */
    void started(GateService gate, HttpService web, LateWrites late) {
        this.gate = gate;
        this.web = web;
        this.late = web == null ? null : late;
    }

    /**
     * Once the HTTP side is closed (so that no more come), waits for its writes answered 503 until
     * {@link StopTimeout#lateWrites} from the stop's start: nothing else waits for a blocklist change,
     * and a learning is made only if the store's write lock is freed before serve ends.
     */
    void awaitLateWrites() {
        LateWrites l = late;
        if (l == null) return;
        long from = began != 0 ? began : System.nanoTime();
        l.awaitUntil(from + timeout.lateWrites().toNanos());
    }

    /** Waits for a stop to be asked (SIGTERM, SIGINT, or the JVM ending otherwise), then says it begins. */
    void awaitRequest() throws InterruptedException {
        requested.await();
        began = System.nanoTime();
        stopping = true;
        // a reload now would apply to a gate being closed: ServeReload's answer (or the one without a file) is replaced
        take("HUP", sig -> err.println("bayard serve: SIGHUP while stopping: not reloaded; the stop goes on"));
        GateService g = gate;
        if (g != null) g.quarantine().releases().stopBegins();
        String what = underWay();
        err.println("bayard serve: stopping on " + signal() + "; " + what + (what.equals(NOTHING) ? "" : "; " + waits()));
    }

    /**
     * How long the stop waits for what is under way, as smtp.stop-timeout-seconds shares it out:
     * said with the stop line, so that a postmaster fitting it to a service manager sees the figures.
     */
    private String waits() {
        StopTimeout t = timeout;
        GateService g = gate;
        // the command timeout, when shorter, bounds the SMTP side's drain too
        java.time.Duration smtp = g == null ? t.smtpDrain() : g.drainAtStop();
        String http = web == null ? "" : ", " + Seconds.of(t.httpDrain()) + " for the HTTP requests (" + Seconds.of(t.longerDrain())
                + " for a release past its message's end)";
        return "it waits up to " + Seconds.of(smtp) + " for the SMTP sessions" + http + ", "
                + Seconds.of(t.whole()) + " in all (smtp.stop-timeout-seconds)";
    }

    /** What the stop waits for, as the stop line says it. */
    private String underWay() {
        List<String> what = new ArrayList<>();
        GateService g = gate;
        HttpService w = web;
        int releases = 0;
        if (g != null) {
            int sessions = g.messagesInHand();
            if (sessions > 0) what.add(count(sessions, "SMTP session") + " with a message in hand");
            List<String> r = g.quarantine().releases().underWay();
            releases = r.size();
            if (releases > 0) what.add(count(releases, "release") + " (" + String.join("; ", r) + ")");
        }
        if (w != null) {
            int requests = w.requestsUnderWay() - releases; // a release is one of them
            if (requests > 0) what.add(count(requests, "other HTTP request"));
        }
        LateWrites l = late;
        int writes = l == null ? 0 : l.running();
        if (writes > 0) what.add(count(writes, "HTTP API write") + " answered 503 as it outlasted its wait, not made yet");
        return what.isEmpty() ? NOTHING : "under way: " + String.join(", ", what);
    }

    /** After everything is closed: the stop's last line, clean or what it left. */
    void sayStopped() {
        List<String> left = new ArrayList<>();
        GateService g = gate;
        HttpService w = web;
        int releasesLeft = 0;
        if (g != null) {
            int cut = g.sessionsCutAtStop();
            if (cut > 0) {
                boolean one = cut == 1;
                left.add(count(cut, "SMTP session") + " cut off with " + (one ? "its message" : "their messages") + " in hand when"
                        + " the drain ran out (" + (one ? "its client" : "their clients") + " got no reply, so the message was not"
                        + " taken: the sender keeps it and sends it again)");
            }
            List<String> releases = g.quarantine().releases().leftAtStop(g.quarantine().spool());
            releasesLeft = releases.size();
            left.addAll(releases);
        }
        if (w != null) {
            int stalled = w.stalledAtStop();
            if (stalled > 0) {
                boolean one = stalled == 1;
                left.add(count(stalled, "HTTP answer") + " cut part-way as " + (one ? "its client" : "their clients") + " read none of it for "
                        + Seconds.of(timeout.atStop()) + " during the drain");
            }
            int partWay = w.cutPartWayAtStop();
            if (partWay > 0) {
                boolean one = partWay == 1;
                left.add(count(partWay, "HTTP answer") + " cut part-way when the drain ran out (" + (one ? "its client" : "their clients")
                        + " got part of " + (one ? "it" : "them") + ")");
            }
            int retry = w.answeredRetryAtStop();
            if (retry > 0) left.add(count(retry, "HTTP request") + " cut off when the drain ran out (answered 503 to send it again)");
            int cut = w.cutAtStop() - partWay - releasesLeft - retry;
            if (cut > 0) left.add(count(cut, "HTTP request") + " cut off when the drain ran out (" + (cut == 1 ? "its client" : "their clients")
                    + " got no answer)");
        }
        LateWrites l = late;
        if (l != null) left.addAll(l.notMade());
        err.println(left.isEmpty() ? "bayard serve: stopped cleanly" : "bayard serve: stopped, leaving: " + String.join("; ", left));
    }

    /** The main thread is done (stopped, or its start failed): the hook may return and the JVM end. */
    void over() {
        over.countDown();
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
