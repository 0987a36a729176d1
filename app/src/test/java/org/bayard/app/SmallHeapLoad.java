package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.app.SmtpClients.command;
import static org.bayard.app.SmtpClients.reply;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * For the tests of many sessions at once against {@code bayard serve} in a small heap: how that
 * serve is started, and a client sending one large message whose end of data waits until every
 * other client's message is in the gate, so that they are all received and scanned at once.
 */
final class SmallHeapLoad {
    private SmallHeapLoad() {}

    /**
     * serve on a copy of the trained store in a heap of {@code heap} ("256m"), told to exit when it
     * runs out as the launcher tells it, relaying to {@code nextHopPort}, holding into tmp/q, with
     * {@code extra} arguments; its output goes to {@code log}.
     */
    static ProcessBuilder serve(String heap, Path tmp, int nextHopPort, Path log, String... extra) throws Exception {
        Path db = SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), tmp);
        return ServeChild.command(List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"), db, tmp.resolve("q"), nextHopPort, log, extra);
    }

    /** What serve wrote to {@code log}, checked to say nothing of running its heap out. */
    static String logWithoutOutOfMemory(Path log) throws IOException {
        String said = Files.readString(log);
        assertThat(said).doesNotContain("OutOfMemoryError");
        return said;
    }

    /** A message: the commands that open its session up to DATA, its header, and the line its body repeats to {@code bytes}. */
    record LargeMessage(List<String> commands, String head, String line, int bytes) {}

    /**
     * One session from {@code from} (null: the system's choice) sending {@code message}, then
     * waiting up to {@code waitSeconds} for every session counted by {@code allSent} before its end
     * of data; the reply to that, or how the session ended early.
     */
    static String send(int port, InetAddress from, int timeoutMillis, LargeMessage message, CountDownLatch allSent,
                       int waitSeconds) throws Exception {
        boolean counted = false;
        try (Socket s = new Socket()) {
            if (from != null) s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(timeoutMillis);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            reply(in);
            for (String c : message.commands()) {
                String r = command(in, out, c);
                if (!r.startsWith("2") && !r.startsWith("3")) return "refused at " + c + ": " + r;
            }
            out.write(message.head().getBytes(StandardCharsets.US_ASCII));
            byte[] line = message.line().getBytes(StandardCharsets.US_ASCII);
            for (int written = 0; written < message.bytes(); written += line.length) out.write(line);
            out.flush();
            counted = true;
            allSent.countDown();
            allSent.await(waitSeconds, TimeUnit.SECONDS); // every message in the gate at once, then every end of data
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply(in);
        } catch (IOException e) {
            return "dropped: " + e;
        } finally {
            if (!counted) allSent.countDown(); // a session that ended early must not keep the others waiting
        }
    }
}
