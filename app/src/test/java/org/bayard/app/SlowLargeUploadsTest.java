package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that declare large messages and send them slowly, against a running {@code bayard serve}
 * in the heap a small server's JVM gets (128 MB): what they have not sent must not keep others'
 * checks out.
 */
class SlowLargeUploadsTest {
    @TempDir Path tmp;
    @RegisterExtension final SmallHeapApi api = new SmallHeapApi();

    /**
     * The memory a body will take was set aside from the request bodies' budget (a quarter of the
     * heap) before its first byte came, four times over for a check: five authenticated clients
     * declaring messages of 3 MB and sending 10 bytes of them took it all, and every check, of any
     * size, got 503 "busy" for the 60 s they may take. A body now takes of the budget what has
     * arrived, and the rest of its cost once it is whole.
     */
    @Test
    void slowUploadsOfLargeMessagesKeepNoCheckOut() throws Exception {
        int port = api.start(tmp);
        byte[] small = "From: a@example.org\r\nSubject: hello\r\n\r\nthe minutes of the meeting\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(check(port, small)).as(api.log()).startsWith("HTTP/1.1 200"); // the password is checked once, then remembered
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write(("POST /checkv2 HTTP/1.0\r\nPassword: " + SmallHeapApi.PASSPHRASE + "\r\nContent-Length: 3000000\r\n\r\nFrom: a@")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            Thread.sleep(1000); // their heads are read and their bodies awaited
            assertThat(check(port, small)).as(api.log()).startsWith("HTTP/1.1 200").contains("\"score\"");
        } finally {
            for (Socket s : slow) s.close();
        }
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
    }

    /**
     * Clients that send 2 MB of a larger message quickly and then nothing held what they had sent
     * of the bodies' budget (a quarter of 128 MB) for the request's 60 s, and every other check got
     * 503 until then. A body that stalls for http.body-stall-seconds now gets 408 and gives its
     * share back: checks are answered again at the stall limit, not at a minute.
     *
     * <p>The probe is sent once {@code /metrics} shows the stalled bodies read, not at a time
     * guessed: on a loaded machine the server had read only part of them when asked, the probe
     * took its share, waited its 5 s for more, took what one stalled body gave up, waited 5 s again,
     * and was answered 200 after the 10 s stall limit had freed the budget. The limit here is 20 s,
     * so that a probe's waits end well before it.
     */
    @Test
    void stalledUploadsGiveTheBudgetBackAtTheStallLimit() throws Exception {
        int port = api.start(tmp, "  body-stall-seconds: 20\n");
        byte[] small = "From: a@example.org\r\nSubject: hello\r\n\r\nthe minutes of the meeting\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(check(port, small)).as(api.log()).startsWith("HTTP/1.1 200"); // the password is checked once, then remembered
        long budget = gauge(port, "bayard_http_body_budget_bytes");
        assertThat(budget).as("a quarter of the heap").isBetween(24L << 20, 32L << 20);
        // a check of 1.5 MB needs four times that once whole: more than the stalled bodies leave free
        byte[] probe = ("From: a@example.org\r\nSubject: minutes\r\n\r\n" + "the minutes of the meeting\r\n".repeat(54_000))
                .getBytes(StandardCharsets.US_ASCII);
        List<Socket> stalled = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < 16; i++) { // 32 MB, about the whole budget
                Socket s = new Socket("127.0.0.1", port);
                stalled.add(s);
                Thread.ofVirtual().start(() -> {
                    try {
                        s.getOutputStream().write(("POST /checkv2 HTTP/1.0\r\nPassword: " + SmallHeapApi.PASSPHRASE + "\r\nContent-Length: 3000000\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().write(new byte[2_000_000]); // and then nothing, the socket left open
                        s.getOutputStream().flush();
                    } catch (java.io.IOException refused) {
                        // one the budget had no room for may be answered and closed meanwhile
                    }
                });
            }
            long held = gauge(port, "bayard_http_body_budget_held_bytes");
            while (budget - held >= 4L * probe.length && elapsedMillis(t0) < 12_000) {
                Thread.sleep(100);
                held = gauge(port, "bayard_http_body_budget_held_bytes");
            }
            assertThat(budget - held).as("room the stalled bodies leave, read in " + elapsedMillis(t0) + " ms; " + api.log())
                    .isLessThan(4L * probe.length);
            assertThat(check(port, probe)).as("while the stalled bodies hold the budget; " + api.log()).startsWith("HTTP/1.1 503");
            // asked until the stall limit has given the budget back: a body whose last byte the
            // loaded server read late reaches its limit later
            String freed = check(port, probe);
            while (!freed.startsWith("HTTP/1.1 200") && elapsedMillis(t0) < 55_000) {
                Thread.sleep(250);
                freed = check(port, probe);
            }
            assertThat(freed).as("after the stall limit; " + api.log()).startsWith("HTTP/1.1 200").contains("\"score\"");
            // each stalled request began after t0: before 60 s, none has reached the time a request may take
            assertThat(elapsedMillis(t0)).as("ms, inside the request's 60 s").isLessThan(55_000);
            long left = gauge(port, "bayard_http_body_budget_held_bytes");
            for (long end = System.nanoTime() + 10_000_000_000L; left != 0 && System.nanoTime() < end; Thread.sleep(100)) {
                left = gauge(port, "bayard_http_body_budget_held_bytes");
            }
            assertThat(left).as("what every body holds is given back once it is answered").isZero();
        } finally {
            for (Socket s : stalled) s.close();
        }
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
    }

    private static long elapsedMillis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** A gauge's value from {@code /metrics}, fetched as the admin. */
    private static long gauge(int port, String name) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET /metrics HTTP/1.0\r\nAuthorization: " + SmallHeapApi.basic() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return answer.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                    .map(l -> (long) Double.parseDouble(l.substring(name.length() + 1)))
                    .orElseThrow(() -> new AssertionError("no " + name + " in " + answer));
        }
    }

    /** A check of {@code message} as rspamc sends it (HTTP/1.0, the password alone): the whole answer. */
    private static String check(int port, byte[] message) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("POST /checkv2 HTTP/1.0\r\nPassword: " + SmallHeapApi.PASSPHRASE + "\r\nContent-Length: " + message.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(message);
            s.getOutputStream().flush();
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
    }

}
