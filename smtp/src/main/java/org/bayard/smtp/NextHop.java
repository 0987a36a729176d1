package org.bayard.smtp;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * An SMTP client connection to the next hop (the after-filter MTA). Blocking, one transaction at
 * a time, every read bounded by the timeout. Any reply we cannot parse, a timeout or a dropped
 * connection is an {@link IOException}: the caller cannot know what the next hop did and must
 * answer 451 and drop this connection.
 *
 * <p>Order: connect (greeting, EHLO) ; then per message MAIL, RCPT..., and either
 * {@link #data} + {@link #send} (ends with the final dot) or {@link #rset} (abort: the final dot is
 * never sent) ; {@link #close} sends QUIT.
 */
public final class NextHop implements Closeable {
    /**
     * TLS over a plain connection to {@code host} and {@code port} as the site trusts it (the
     * certificate checked against that name), or an IOException saying why not. Supplied by the
     * caller, so that this module keeps no TLS policy of its own.
     */
    @FunctionalInterface
    public interface Tls {
        Socket handshake(Socket plain, String host, int port) throws IOException;

        /**
         * Whether a next hop that offers no STARTTLS, or with which it fails, gets nothing; if not
         * (opportunistic, Postfix's "may"), the mail goes in plaintext, over a new connection
         * when a STARTTLS had begun.
         */
        default boolean required() {
            return true;
        }

        /** {@code tls} where the next hop offers it, plaintext where it does not or TLS fails. */
        static Tls opportunistic(Tls tls) {
            return new Tls() {
                @Override
                public Socket handshake(Socket plain, String host, int port) throws IOException {
                    return tls.handshake(plain, host, port);
                }

                @Override
                public boolean required() {
                    return false;
                }
            };
        }
    }

    /** What is spoken over: the plain socket, or TLS over it after STARTTLS. */
    private final Socket socket;
    /** The TCP connection itself, which closing ends at once (closing TLS first waits to send its alert). */
    private final Socket plain;
    private final Duration timeout;
    /** When the current step must be over ({@link System#nanoTime}), or 0 for none: see {@link #deadline}. */
    private long deadline;
    private final HopReplyReader replies;
    private final OutputStream out;
    private final WriteDeadline writes;
    /** What its EHLO offered. */
    private HopKeywords offered = HopKeywords.NONE;
    /** Why this connection is plaintext though TLS was wished for (opportunistic TLS that failed); null otherwise. */
    private String plaintextBecause;
    private boolean broken;

    private NextHop(Socket socket, Socket plain, Duration timeout) throws IOException {
        this.socket = socket;
        this.plain = plain;
        this.timeout = timeout;
        this.replies = new HopReplyReader(socket);
        // a next hop that stops reading mid-DATA must not hold us (and our client) forever
        this.writes = new WriteDeadline(plain, socket.getOutputStream(), timeout);
        // Each session keeps its next-hop connection open between messages: 64 KB to write to it,
        // taken at once, cost a few hundred sessions in the command phase most of a small heap.
        // The output buffer's own default starts small on a session's virtual thread and grows to
        // 8 KB only while a message is sent (and larger writes pass straight through).
        this.out = new BufferedOutputStream(writes);
    }

    public static NextHop connect(InetSocketAddress address, String heloName, Duration timeout) throws IOException {
        return connect(address, heloName, timeout, null);
    }

    /**
     * As above, for a gate: throws {@link LoopMarks.Loop} before EHLO when the greeting shows the
     * gate's own mark, so that a gate relaying to itself does not open session after session.
     */
    static NextHop connect(InetSocketAddress address, String heloName, Duration timeout, LoopMarks marks) throws IOException {
        return connect(address, heloName, timeout, marks, 0);
    }

    /** As above, with the connection's {@link #deadline} set from the start (0: none). */
    static NextHop connect(InetSocketAddress address, String heloName, Duration timeout, LoopMarks marks, long deadline)
            throws IOException {
        return connect(address, heloName, timeout, marks, deadline, Optional.empty());
    }

    /**
     * As above; with {@code tls}, STARTTLS is required of the next hop (one that offers none, or
     * refuses it, or whose certificate {@code tls} does not take, is an IOException saying so) and
     * the transaction is spoken over TLS, after EHLO again. With {@code tls} not {@link Tls#required},
     * a next hop without STARTTLS is spoken to in plaintext, and one with which it fails in
     * plaintext over a new connection.
     */
    static NextHop connect(InetSocketAddress address, String heloName, Duration timeout, LoopMarks marks, long deadline,
                           Optional<Tls> tls) throws IOException {
        Socket s = new Socket();
        NextHop hop = null;
        try {
            s.connect(address, HopReplyReader.waitMillis(timeout, deadline));
            s.setSoTimeout((int) timeout.toMillis());
            s.setTcpNoDelay(true);
            hop = new NextHop(s, s, timeout);
            hop.deadline(deadline);
            Reply greeting = hop.readReply();
            if (greeting.code() != 220) throw new IOException("next hop greeted with " + greeting);
            if (marks != null) marks.check(greeting, shown(address));
            boolean required = tls.isPresent() && tls.get().required();
            hop.greet(heloName, !required);
            if (tls.isEmpty() || (!required && !hop.offered.supports("STARTTLS"))) return hop;
            try {
                hop = hop.startTls(tls.get(), address);
            } catch (IOException e) {
                if (required) throw e;
                hop.writes.close();
                s.close(); // mid-STARTTLS, the connection is good for nothing else
                NextHop plain = connect(address, heloName, timeout, marks, deadline, Optional.empty());
                plain.plaintextBecause = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                return plain;
            }
            hop.greet(heloName, false);
            return hop;
        } catch (IOException | RuntimeException e) {
            if (hop != null) hop.writes.close();
            s.close();
            throw e;
        }
    }

    /** EHLO, and what it offers; HELO when EHLO is refused, if {@code heloAllowed} (not when STARTTLS is to follow: it needs EHLO). */
    private void greet(String heloName, boolean heloAllowed) throws IOException {
        Reply ehlo = command("EHLO " + heloName);
        if (ehlo.code() == 250) {
            offered = HopKeywords.of(ehlo);
            return;
        }
        if (!heloAllowed) throw new IOException("next hop refused EHLO: " + ehlo);
        Reply helo = command("HELO " + heloName);
        if (helo.code() != 250) throw new IOException("next hop refused HELO: " + helo);
    }

    /**
     * Why this connection is plaintext though opportunistic TLS was asked for: STARTTLS refused, or
     * its handshake failed (a next hop that offers none is plaintext without a reason to tell).
     */
    Optional<String> plaintextBecause() {
        return Optional.ofNullable(plaintextBecause);
    }

    /** STARTTLS, then this connection over TLS, as a new NextHop with the same deadline; this one's watch stopped. */
    private NextHop startTls(Tls tls, InetSocketAddress address) throws IOException {
        if (!offered.supports("STARTTLS")) throw new IOException("next hop " + shown(address) + " offers no STARTTLS, which smtp.next-hop-tls requires");
        Reply r = command("STARTTLS");
        if (r.code() != 220) throw new IOException("next hop refused STARTTLS: " + r);
        writes.close();
        Socket secure;
        try {
            secure = tls.handshake(plain, address.getHostString(), address.getPort());
        } catch (IOException e) {
            throw new IOException("TLS with the next hop " + shown(address) + " failed: " + e.getMessage(), e);
        }
        NextHop over = new NextHop(secure, plain, timeout);
        over.deadline(deadline);
        return over;
    }

    /**
     * As above, for a release of mail held by the gates whose loop marks are {@code gateMarks} (as
     * {@link SmtpServer#loopMark} gave them, possibly in other processes: the gates sharing the
     * quarantine): throws before EHLO when the greeting shows any of them, so that a held message
     * is not handed back to a gate that holds mail there, to be judged again. What is no mark
     * checks nothing.
     */
    public static NextHop connectForRelease(InetSocketAddress address, String heloName, Duration timeout,
                                            java.util.Collection<String> gateMarks) throws IOException {
        return connectForRelease(address, heloName, timeout, gateMarks, Optional.empty());
    }

    /** As above, over TLS after STARTTLS when {@code tls} is there (see {@link #connect(InetSocketAddress, String, Duration, LoopMarks, long, Optional)}). */
    public static NextHop connectForRelease(InetSocketAddress address, String heloName, Duration timeout,
                                            java.util.Collection<String> gateMarks, Optional<Tls> tls) throws IOException {
        try {
            return connect(address, heloName, timeout, LoopMarks.ofAll(gateMarks).orElse(null), 0, tls);
        } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
            // the socket's own words ("Connection refused") named nothing: a moderator read them as the store's, or the gate's
            throw new IOException("the next hop " + shown(address) + " cannot be reached: " + e.getMessage(), e);
        }
    }

    /** The address as a postmaster wrote it in smtp.next-hop: IP:port, an IPv6 address in brackets. */
    static String shown(InetSocketAddress a) {
        if (a.getAddress() == null) return a.getHostString() + ":" + a.getPort();
        String ip = a.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }

    /** The EHLO keywords the next hop offered, upper-case. */
    public Set<String> extensions() {
        return offered.extensions();
    }

    /** The largest message the next hop takes, as its EHLO said with SIZE; 0 when it named none. */
    public long sizeLimit() {
        return offered.sizeLimit();
    }

    /** The XFORWARD attributes the next hop named in its EHLO (empty when it offers no XFORWARD). */
    public Set<String> xforwardAttributes() {
        return offered.xforwardAttributes();
    }

    public boolean supports(String extension) {
        return offered.supports(extension);
    }

    /**
     * Bounds everything from now on, reads and writes, by one moment ({@link System#nanoTime}),
     * on top of the timeout of each; 0 lifts it. For a step the client waits on as a whole: the
     * end of data waits for DATA's 354, the message's sending and the dot's reply in turn, each
     * within the timeout, and Postfix in front waits for all of it as one reply.
     */
    public void deadline(long nanoTime) {
        deadline = nanoTime;
        writes.until(nanoTime);
    }

    public boolean broken() {
        return broken;
    }

    public Reply mail(String reversePath, String params) throws IOException {
        return command("MAIL FROM:<" + reversePath + ">" + (params.isEmpty() ? "" : " " + params));
    }

    public Reply rcpt(String forwardPath) throws IOException {
        return rcpt(forwardPath, "");
    }

    public Reply rcpt(String forwardPath, String params) throws IOException {
        return command("RCPT TO:<" + forwardPath + ">" + (params.isEmpty() ? "" : " " + params));
    }

    public Reply data() throws IOException {
        return command("DATA");
    }

    /**
     * Sends the message after a 354: {@code head}, then {@code rest} from its current position, dot-stuffed,
     * then the final dot; returns the next hop's answer to it. That answer is waited for until the
     * {@link #deadline}, when one is set, even past the timeout: a large message is still in the
     * socket's buffers when the dot is written, and the next hop answers once it has read them
     * (as Postfix's smtp client waits smtp_data_done_timeout for it, not its shorter timeouts).
     */
    public Reply send(byte[] head, InputStream rest) throws IOException {
        return send(head, rest, () -> {});
    }

    /**
     * As above, running {@code beforeEnd} once the message's data is written and before its final
     * dot is: from the dot on, the next hop may deliver it (a release notes that durably then).
     * Anything that fails before the dot is written whole, the connection, reading {@code rest}
     * or {@code beforeEnd}, throws {@link EndNotSent}: the next hop saw no end of the message and
     * delivers nothing of it (RFC 5321 4.1.1.4). A failure after it is any other {@link IOException}.
     */
    public Reply send(byte[] head, InputStream rest, BeforeEnd beforeEnd) throws IOException {
        try {
            try {
                DotStuffingOutputStream d = new DotStuffingOutputStream(out);
                d.write(head, 0, head.length);
                rest.transferTo(d);
                beforeEnd.run();
                // a write that throws has not handed its last byte, the dot's line end, to the system
                d.finish();
            } catch (IOException e) {
                throw new EndNotSent(e);
            }
            return readReply(deadline != 0 ? Duration.ofNanos(Math.max(0, deadline - System.nanoTime())) : timeout);
        } catch (IOException e) {
            // either way the connection is mid-transaction: it gets no QUIT (taken for data) and is not reused
            broken = true;
            throw e;
        }
    }

    /** What {@link #send} runs between the message's data and its final dot. */
    @FunctionalInterface
    public interface BeforeEnd {
        void run() throws IOException;
    }

    /**
     * {@link #send} stopped before the message's final dot was written whole: the next hop cannot
     * have taken the message. The cause says what stopped it.
     */
    public static final class EndNotSent extends IOException {
        EndNotSent(IOException cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    /** Aborts the transaction: nothing received so far is delivered. */
    public Reply rset() throws IOException {
        return command("RSET");
    }

    public Reply command(String line) throws IOException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) throw new IllegalArgumentException("line ending inside a command");
        try {
            // addresses are text (see Smtputf8.decode): a non-ASCII one goes out as the UTF-8 of SMTPUTF8
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply();
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    private Reply readReply() throws IOException {
        return readReply(timeout);
    }

    /** The next reply, each of its lines within {@code wait} (and the {@link #deadline}). */
    private Reply readReply(Duration wait) throws IOException {
        return replies.read(wait, deadline);
    }

    /** Sends QUIT (best effort) and closes. */
    @Override
    public void close() {
        try {
            if (!broken) {
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            writes.close();
            try {
                plain.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
