package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A next hop that takes connections and never greets. Each EHLO probed it while nothing fresh was
 * known, all at once: every EHLO waited the next-hop timeout and opened a connection of its own.
 * Now one probe runs at a time and the other sessions answer at once with what is known.
 */
class SilentNextHopTest {
    static final Duration HOP_TIMEOUT = Duration.ofSeconds(3);
    static final int SESSIONS = 20;

    @TempDir Path tmp;
    ServerSocket silentHop;
    final List<Socket> held = new CopyOnWriteArrayList<>();
    SmtpServer server;
    final MovableClock clock = new MovableClock();

    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-23T12:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) server.close();
        if (silentHop != null) silentHop.close();
        for (Socket s : held) s.close();
    }

    void start() throws IOException {
        silentHop = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (true) held.add(silentHop.accept()); // kept open, never a word
            } catch (IOException closed) {
                // the test is over
            }
        });
        SmtpSettings s = new SmtpSettings("gate.test", (InetSocketAddress) silentHop.getLocalSocketAddress(), 1000, 100_000, 3,
                SESSIONS * 2, SESSIONS * 2, Duration.ofSeconds(30), HOP_TIMEOUT, 4096, tmp,
                new RelayPolicy(List.of("127.0.0.0/8"), List.of("example.test")));
        server = SmtpServer.start(s, (env, m) -> new FilterResult.Relay(new byte[0], 0, "ok"), clock,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Milliseconds each of SESSIONS concurrent sessions waited for its EHLO reply. */
    List<Long> concurrentEhlos() throws Exception {
        List<SmtpClient> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < SESSIONS; i++) {
                SmtpClient c = new SmtpClient(server.port());
                clients.add(c);
                assertThat(c.reply()).startsWith("220 ");
            }
            List<Future<Long>> waits = new ArrayList<>();
            for (SmtpClient c : clients) {
                waits.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    assertThat(c.send("EHLO client.test\r\n")).startsWith("250");
                    return (System.nanoTime() - t0) / 1_000_000;
                }));
            }
            List<Long> millis = new ArrayList<>();
            for (Future<Long> w : waits) millis.add(w.get());
            return millis;
        } finally {
            for (SmtpClient c : clients) c.close();
        }
    }

    @Test
    void concurrentEhlosProbeASilentNextHopOnceAndAnswerAtOnce() throws Exception {
        start();
        List<Long> first = concurrentEhlos();
        // the first probe since start may keep its own session waiting; no other session waits
        assertThat(first.stream().filter(ms -> ms < 1000).count()).as("prompt EHLOs: " + first).isGreaterThanOrEqualTo(SESSIONS - 1);
        assertThat(held).as("connections the next hop saw").hasSize(1);

        // once what is known is stale, the next probe runs behind the sessions: none waits for it
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        List<Long> later = concurrentEhlos();
        assertThat(later).as("EHLO waits once stale: " + later).allMatch(ms -> ms < 1000);
        // the probe behind the sessions connects when its thread runs: waited for, not assumed after a while
        for (long end = System.nanoTime() + 30_000_000_000L; held.size() < 2 && System.nanoTime() < end; ) Thread.sleep(10);
        // no event follows a further probe's connection: it is given a while (a probe's thread was
        // started before the EHLO that made it was answered, and connects at once to loopback)
        Thread.sleep(300);
        assertThat(held).as("connections the next hop saw").hasSize(2);
    }
}
