package org.bayard.nntp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.bayard.net.tls.TlsClient;

/**
 * A reader's connection to a news server: blocking, one command at a time, every read bounded by
 * the timeout. A failure of the connection, a reply that is not NNTP or a timeout is an
 * {@link IOException} naming the server; a reply that refuses the step is an {@link NntpRefusal}.
 * Either way the caller knows nothing was read that it did not get.
 *
 * <p>Order: {@link #connect} (greeting), then {@link #modeReader}, {@link #authenticate} when the
 * server wants it, {@link #group}, {@link #article} by number as often as needed; {@link #close}
 * says QUIT.
 */
public final class NntpClient implements Closeable {
    /** Longer than any response line (RFC 3977 allows 512 octets); a longer one is not NNTP. */
    static final int MAX_RESPONSE_LINE = 4096;
    /** The most of an article's line read at once. */
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** The server as it was given: its certificate must name its host, and every message names it (see {@link #server}). */
    private final InetSocketAddress address;
    private final String server;
    private final Duration timeout;

    private NntpClient(Socket socket, InetSocketAddress address, Duration timeout) throws IOException {
        this.address = address;
        this.server = shown(address);
        this.timeout = timeout;
        use(socket);
    }

    /** Talks over {@code s} from now on: the connection, or the TLS session over it. */
    private void use(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(s.getOutputStream());
    }

    /** Connects and reads the greeting: 200 or 201 (no posting, which reading does not need). */
    public static NntpClient connect(InetSocketAddress address, Duration timeout) throws IOException {
        return connect(address, timeout, null);
    }

    /**
     * As above; with {@code tls}, over TLS from the first byte (NNTPS, port 563), the server's
     * certificate checked by {@code tls} against the name or address it was reached by.
     */
    public static NntpClient connect(InetSocketAddress address, Duration timeout, SSLSocketFactory tls) throws IOException {
        String server = shown(address);
        Socket s = new Socket();
        try {
            s.connect(address, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (IOException e) {
            s.close();
            throw new IOException("the news server " + server + " cannot be reached: " + reason(e, timeout), e);
        }
        try {
            if (tls != null) s = handshake(tls, s, address);
            NntpClient c = new NntpClient(s, address, timeout);
            NntpReply greeting = c.readReply();
            if (greeting.code() != 200 && greeting.code() != 201) throw new NntpRefusal("news server " + server + " greeting", greeting);
            return c;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * MODE READER: a server that serves peers and readers on one port (INN) hands the connection
     * to its reader. One that knows no modes may answer 500, which changes nothing; 502 means it
     * will not serve this client as a reader.
     */
    public void modeReader() throws IOException {
        NntpReply r = command("MODE READER");
        if (r.code() == 200 || r.code() == 201 || r.code() == 500 || r.code() == 501) return;
        throw new NntpRefusal("MODE READER on " + server, r);
    }

    /**
     * STARTTLS (RFC 4642): the rest of the connection over TLS, the server's certificate checked
     * by {@code tls}. INN's reader offers it after MODE READER; a server that has no TLS refuses.
     */
    public void startTls(SSLSocketFactory tls) throws IOException {
        NntpReply r = command("STARTTLS");
        if (r.code() != 382) throw new NntpRefusal("STARTTLS on " + server, r);
        use(handshake(tls, socket, address));
    }

    /** TLS over {@code plain} to {@code address} (see {@link TlsClient#handshake}); its failure names the server. */
    private static Socket handshake(SSLSocketFactory tls, Socket plain, InetSocketAddress address) throws IOException {
        try {
            return TlsClient.handshake(tls, plain, address.getHostString(), address.getPort());
        } catch (IOException e) {
            throw new IOException("TLS with the news server " + shown(address) + " failed: " + e.getMessage(), e);
        }
    }

    /** AUTHINFO USER and PASS; the password is never part of a message. */
    public void authenticate(String user, String password) throws IOException {
        NntpReply r = command("AUTHINFO USER " + user);
        if (r.code() == 381) r = command("AUTHINFO PASS " + password);
        if (r.code() != 281) throw new NntpRefusal("AUTHINFO as " + user + " on " + server, r);
    }

    /** Selects {@code group}: 211 with its numbers; 411 (no such group) and anything else refuse. */
    public GroupRange group(String group) throws IOException {
        NntpReply r = command("GROUP " + group);
        if (r.code() != 211) throw new NntpRefusal("GROUP " + group + " on " + server, r);
        String[] f = r.text().trim().split(" +");
        try {
            if (f.length < 3) throw new NumberFormatException();
            return new GroupRange(group, Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
        } catch (NumberFormatException e) {
            throw new IOException("the news server " + server + " answered GROUP with " + Printable.of(r.toString())
                    + ", not a count, a first and a last number");
        }
    }

    /**
     * The article numbered {@code number} in the selected group, whole, unless it is larger than
     * {@code maxBytes}: then it is read to its end and dropped, and only its size is said.
     */
    public Article article(long number, long maxBytes) throws IOException {
        NntpReply r = command("ARTICLE " + number);
        if (r.code() == 423 || r.code() == 430) return new Article.Missing(number, r);
        if (r.code() != 220) throw new NntpRefusal("ARTICLE " + number + " on " + server, r);
        ByteArrayOutputStream article = new ByteArrayOutputStream();
        long size = 0;
        // read in pieces of at most CHUNK bytes, so that a line without end takes no more memory than the limit
        boolean lineStart = true;
        while (true) {
            byte[] piece = readLine(CHUNK);
            boolean lineEnds = piece[piece.length - 1] == '\n';
            if (lineStart && lineEnds && isTerminator(piece)) break;
            int start = lineStart && piece[0] == '.' ? 1 : 0; // dot-stuffing undone (RFC 3977 3.1.1)
            int end = lineEnds ? contentEnd(piece) : piece.length;
            size += end - start + (lineEnds ? 2 : 0);
            if (size <= maxBytes) {
                article.write(piece, start, end - start);
                if (lineEnds) article.write(CRLF, 0, 2);
            } else if (article.size() > 0) {
                article = new ByteArrayOutputStream(); // too large: what was kept goes at once
            }
            lineStart = lineEnds;
        }
        return size <= maxBytes ? new Article.Found(number, article.toByteArray()) : new Article.TooLarge(number, size);
    }

    /** The server as given, {@code host:port}. */
    public String server() {
        return server;
    }

    /** Says QUIT (best effort) and closes. */
    @Override
    public void close() {
        try {
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    private NntpReply command(String line) throws IOException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) throw new IllegalArgumentException("line end inside a command");
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IOException("the news server " + server + " closed the connection: " + reason(e, timeout), e);
        }
        return readReply();
    }

    private NntpReply readReply() throws IOException {
        byte[] line = readLine(MAX_RESPONSE_LINE);
        if (line[line.length - 1] != '\n') {
            throw new IOException("the news server " + server + " answered a line longer than " + MAX_RESPONSE_LINE + " bytes, which NNTP has not");
        }
        return NntpReply.parse(new String(line, 0, contentEnd(line), StandardCharsets.UTF_8));
    }

    /**
     * The next line with its line end, or its first {@code limit} bytes when it is longer (a CR
     * there is kept with the LF after it); the connection's end or a timeout is an IOException.
     */
    private byte[] readLine(int limit) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        try {
            while (true) {
                int b = in.read();
                if (b < 0) throw new EOFException("the connection was closed");
                line.write(b);
                if (b == '\n' || (line.size() >= limit && b != '\r')) return line.toByteArray();
            }
        } catch (IOException e) {
            throw new IOException("reading from the news server " + server + ": " + reason(e, timeout), e);
        }
    }

    /** Where the line's content ends: before its CRLF (or a bare LF, which some servers send). */
    private static int contentEnd(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') end--;
        if (end > 0 && line[end - 1] == '\r') end--;
        return end;
    }

    private static boolean isTerminator(byte[] line) {
        return contentEnd(line) == 1 && line[0] == '.';
    }

    private static String reason(IOException e, Duration timeout) {
        if (e instanceof SocketTimeoutException) return "no answer within " + timeout.toMillis() + " ms";
        return Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
    }

    /** The address as a postmaster writes it: IP:port, an IPv6 address in brackets, or the name given. */
    static String shown(InetSocketAddress a) {
        if (a.getAddress() == null) return a.getHostString() + ":" + a.getPort();
        String ip = a.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
}
