package org.bayard.app.news;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.NntpConfig;
import org.bayard.core.IoProblem;

/**
 * {@code bayard serve}'s Usenet gateway: a pass over the groups at the start and then every
 * {@code nntp.interval-seconds}, on a thread of its own, by the configuration as last reloaded
 * (a reload that adds the section, or a group, takes effect at the next pass). Its close lets a
 * pass under way finish the article in hand, and stops it there.
 */
public final class NewsPoller implements AutoCloseable {
    /** How often a serve without the section looks whether a reload added it. */
    static final Duration IDLE_CHECK = Duration.ofSeconds(30);

    private final Supplier<BayardConfig> config;
    private final Path db;
    private final IntSupplier gatePort;
    private final Consumer<String> log;
    private final NewsEvents events;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean closed;
    private final Thread thread;

    private NewsPoller(Supplier<BayardConfig> config, Path db, IntSupplier gatePort, Consumer<String> log, NewsEvents events) {
        this.config = config;
        this.db = db;
        this.gatePort = gatePort;
        this.log = log;
        this.events = events;
        this.thread = Thread.ofPlatform().name("bayard-news").daemon().unstarted(this::loop);
    }

    /**
     * Starts the passes. {@code gatePort} is the port the gate listens on, where articles go
     * unless nntp.submit-to says otherwise; {@code log} takes the JSON lines, {@code events} the
     * articles' fates and the passes' troubles.
     */
    public static NewsPoller start(Supplier<BayardConfig> config, Path db, IntSupplier gatePort, Consumer<String> log,
                                   NewsEvents events) {
        NewsPoller p = new NewsPoller(config, db, gatePort, log, events);
        p.thread.start();
        return p;
    }

    private void loop() {
        while (!closed) {
            BayardConfig c = config.get();
            Optional<NntpConfig> nntp = c.nntp();
            if (nntp.isPresent()) {
                try {
                    NewsGateway.Result r = new NewsGateway(nntp.get(), db,
                            NewsGateway.submitAddress(nntp.get(), c.smtp(), OptionalInt.of(gatePort.getAsInt())), c.smtp().hostname(),
                            c.smtp().maxMessageBytes(), log, events, () -> closed).pass();
                    if (!r.ran()) log.accept(NewsGateway.line("news", "note", "a pass was under way elsewhere (bayard news-gate?); this one is skipped"));
                } catch (IOException | RuntimeException e) {
                    // the marks' folder (a full disk, its permissions): said, and tried again at the next pass
                    String why = e instanceof IOException io ? IoProblem.describe(io) : String.valueOf(e.getMessage());
                    log.accept(NewsGateway.line("news-failed", "error", why));
                    events.passEnded(List.of(why));
                }
            } else {
                events.passEnded(List.of()); // no gateway (any more): nothing of it is wrong
            }
            sleep(nntp.map(n -> Duration.ofSeconds(n.intervalSeconds())).orElse(IDLE_CHECK));
        }
    }

    private void sleep(Duration d) {
        lock.lock();
        try {
            long left = d.toNanos();
            while (!closed && left > 0) left = wake.awaitNanos(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the passes: the one under way ends after the article in hand (waited for up to {@code wait}). */
    public void close(Duration wait) throws InterruptedException {
        closed = true;
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (!thread.join(wait)) thread.interrupt();
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(10));
    }
}
