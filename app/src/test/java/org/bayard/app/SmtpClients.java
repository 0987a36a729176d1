package org.bayard.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Raw SMTP clients for tests that drive many sessions by hand: their steps, and many of them at once. */
final class SmtpClients {
    private SmtpClients() {}

    /** Sends {@code line} with CRLF; the last line of the reply. */
    static String command(BufferedReader in, OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    /** The last line of a reply (the continuation lines, "250-...", read past). */
    static String reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) throw new IOException("connection closed");
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    /** One client session, the {@code n}th; its outcome in words. */
    @FunctionalInterface
    interface Session {
        String run(int n) throws Exception;
    }

    /** Runs {@code count} sessions at once, each on a virtual thread; their outcomes in order, each within {@code seconds}. */
    static List<String> atOnce(int count, long seconds, Session session) throws Exception {
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<String>> running = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                running.add(clients.submit(() -> session.run(n)));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : running) outcomes.add(f.get(seconds, TimeUnit.SECONDS));
            return outcomes;
        } finally {
            clients.shutdownNow(); // a session past its time must not keep the test waiting for it
        }
    }
}
