package org.bayard.smtp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny next hop for tests: keeps every message it accepted, byte for byte. {@code endReply}
 * is its answer to the final dot ({@code null}: hang up without answering).
 */
public final class RecordingSink implements AutoCloseable {
    /** A message accepted: its first {@link #keptBytes} bytes in {@code data}, and its whole {@code size}. */
    public record Delivered(String from, List<String> recipients, byte[] data, long size) {
        public String text() {
            return new String(data, StandardCharsets.ISO_8859_1);
        }
    }

    public final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    public volatile String endReply = "250 2.0.0 Ok";
    public volatile int sessions;
    /** How much of each message is kept in {@link Delivered#data}: less, for a message larger than the test's heap. */
    public volatile int keptBytes = Integer.MAX_VALUE;
    /** How fast it reads a message, in bytes a second: a slow link or disk; 0 for as fast as it comes. */
    public volatile long readBytesPerSecond;
    /** Final dots received, counted before {@link #endDelayMillis} and the answer: the sender has sent the whole message. */
    public final java.util.concurrent.atomic.AtomicInteger dots = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * Sessions over: the client closed or quit, and everything it sent before was read. A test
     * that must see that something was not sent (a dot) waits for this instead of a while.
     */
    public final java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
    /** How long to wait before answering the final dot. */
    public volatile long endDelayMillis;
    /**
     * Hangs up (a reset, dropping what it has not read) once this many bytes of a message's data
     * have come, before its final dot: the connection lost while the message is being sent. -1: never.
     */
    public volatile long hangUpAfterDataBytes = -1;
    /** Bytes of message data read so far, over all sessions: how far a sender has come. */
    public final java.util.concurrent.atomic.AtomicLong dataBytes = new java.util.concurrent.atomic.AtomicLong();
    /** The SIZE keyword of its EHLO reply. */
    public volatile String sizeKeyword = "SIZE 100000000";
    /** Its answer to STARTTLS, which it offers only when {@link #extraKeywords} has it: Postfix's when its TLS is broken. */
    public volatile String startTlsReply = "454 4.7.0 TLS not available due to local problem";
    /** More EHLO keywords to offer ("DSN", "SMTPUTF8"). */
    public final List<String> extraKeywords = new CopyOnWriteArrayList<>();
    /** Every MAIL, RCPT and XFORWARD line received, as sent. */
    public final List<String> envelopeLines = new CopyOnWriteArrayList<>();
    /** A recipient's answer other than 250 (address, lower-case, to the whole reply line). */
    public final java.util.Map<String, String> rcptReplies = new java.util.concurrent.ConcurrentHashMap<>();
    /** Recipients (lower-case) at whose RCPT the sink hangs up without answering. */
    public final java.util.Set<String> hangUpAtRcpt = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ServerSocket server;

    public RecordingSink() throws IOException {
        // as deep as the gate's own queue: 500 sessions open their next-hop connections together, and
        // with a queue of 50 a loaded machine's accept loop fell behind; the kernel then dropped the
        // handshakes' last packets, and a connection it never queued met the gate's 60 s read timeout
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sessions++;
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            say(out, "220 sink ESMTP");
            String from = null;
            List<String> rcpts = new ArrayList<>();
            while (true) {
                String line = line(in);
                if (line == null) return;
                String u = line.toUpperCase();
                if (u.startsWith("MAIL") || u.startsWith("RCPT") || u.startsWith("XFORWARD")) envelopeLines.add(line);
                if (u.startsWith("EHLO")) {
                    StringBuilder extra = new StringBuilder();
                    for (String k : extraKeywords) extra.append("250-").append(k).append("\r\n");
                    say(out, "250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n" + extra + "250 " + sizeKeyword);
                }
                else if (u.startsWith("MAIL")) { from = line; rcpts.clear(); say(out, "250 2.1.0 Ok"); }
                else if (u.startsWith("RCPT")) {
                    String rcpt = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    if (hangUpAtRcpt.contains(rcpt.toLowerCase())) return;
                    String refusal = rcptReplies.get(rcpt.toLowerCase());
                    if (refusal != null) {
                        say(out, refusal);
                    } else {
                        rcpts.add(rcpt);
                        say(out, "250 2.1.5 Ok");
                    }
                }
                else if (u.startsWith("RSET")) { from = null; rcpts.clear(); say(out, "250 2.0.0 Ok"); }
                else if (u.startsWith("QUIT")) { say(out, "221 Bye"); return; }
                else if (u.equals("STARTTLS")) say(out, startTlsReply);
                else if (u.startsWith("DATA")) {
                    say(out, "354 go");
                    ByteArrayOutputStream data = new ByteArrayOutputStream();
                    long size = 0;
                    long started = System.nanoTime();
                    while (true) {
                        String l = line(in);
                        if (l == null) return;
                        if (l.equals(".")) {
                            dots.incrementAndGet();
                            break;
                        }
                        if (l.startsWith(".")) l = l.substring(1);
                        byte[] b = (l + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                        size += b.length;
                        dataBytes.addAndGet(b.length);
                        long hangUp = hangUpAfterDataBytes;
                        if (hangUp >= 0 && size >= hangUp) {
                            s.setSoLinger(true, 0);
                            return;
                        }
                        data.write(b, 0, (int) Math.min(b.length, Math.max(0, keptBytes - data.size())));
                        long rate = readBytesPerSecond;
                        long ahead = rate <= 0 ? 0 : started + size * 1_000_000_000L / rate - System.nanoTime();
                        if (ahead > 5_000_000) {
                            try {
                                Thread.sleep(ahead / 1_000_000);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                    if (endDelayMillis > 0) {
                        try {
                            Thread.sleep(endDelayMillis);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    String reply = endReply;
                    if (reply == null) return;
                    if (reply.startsWith("2")) delivered.add(new Delivered(from, List.copyOf(rcpts), data.toByteArray(), size));
                    say(out, reply);
                } else say(out, "250 Ok");
            }
        } catch (IOException e) {
            // test peer went away
        } finally {
            ended.incrementAndGet();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) return null;
            if (c == '\n' && prev == '\r') {
                byte[] x = b.toByteArray();
                return new String(x, 0, x.length - 1, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            prev = c;
        }
    }

    private static void say(OutputStream out, String s) throws IOException {
        out.write((s + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
