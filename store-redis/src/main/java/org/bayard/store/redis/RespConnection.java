package org.bayard.store.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.bayard.net.tls.TlsClient;
import org.bayard.net.tls.TlsCredentials;

/**
 * One connection speaking RESP2: commands go out as arrays of bulk strings, replies come back as
 * {@code String} (status), {@code Long}, {@code byte[]} (bulk, or null), {@code List<Object>}
 * (array, or null) or {@link RedisError}. Several commands may be sent before their replies are
 * read (a pipeline); replies come back in order. Not thread-safe: one user at a time.
 */
final class RespConnection implements AutoCloseable {
    /** A reply longer than this is not one this store asks for: a stream out of step, not data. */
    private static final long MAX_BULK = 512L * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int readTimeoutMillis;
    private long idleSince = System.nanoTime();

    private RespConnection(Socket socket, int readTimeoutMillis) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** Connects to the server the settings name, authenticates and selects the database they name. */
    static RespConnection open(RedisSettings settings) throws IOException {
        return open(settings, settings.host(), settings.port(), tlsSockets(settings));
    }

    /**
     * The sockets TLS to Redis takes as {@code settings} say (the CA file read now), null without
     * TLS: made once per store, not per connection.
     */
    static SSLSocketFactory tlsSockets(RedisSettings settings) throws IOException {
        RedisSettings.Tls tls = settings.tls();
        if (!tls.on()) return null;
        try {
            Optional<TlsCredentials> own = Optional.empty();
            if (tls.certFile().isPresent()) {
                Path cert = Path.of(tls.certFile().get());
                own = Optional.of(TlsCredentials.read(cert, tls.keyFile().map(Path::of).orElse(cert)));
            }
            return TlsClient.sockets(tls.caFile().map(Path::of), own);
        } catch (IOException e) {
            throw new IOException("TLS to Redis cannot be set up: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #open(RedisSettings)}, to {@code host} and {@code port} (the cluster node a MOVED
     * names, or theirs), over TLS with {@code tls} unless it is null (see {@link #tlsSockets}).
     */
    static RespConnection open(RedisSettings settings, String host, int port, SSLSocketFactory tls) throws IOException {
        return open(host, port, settings.timeout(), tls, settings.password(), settings.database());
    }

    /** To a Sentinel at {@code host} and {@code port}: the sentinels' own password, if any, and no database. */
    static RespConnection openSentinel(RedisSettings settings, String host, int port, SSLSocketFactory tls) throws IOException {
        return open(host, port, settings.timeout(), tls, settings.sentinels().password(), 0);
    }

    private static RespConnection open(String host, int port, java.time.Duration timeLimit, SSLSocketFactory tls,
                                       java.util.Optional<String> password, int database) throws IOException {
        int timeout = (int) Math.min(Integer.MAX_VALUE, timeLimit.toMillis());
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeout);
            socket.setSoTimeout(timeout);
            if (tls != null) socket = handshake(tls, socket, host, port);
            RespConnection c = new RespConnection(socket, timeout);
            try {
                if (password.isPresent()) c.call(bytes("AUTH"), bytes(password.get()));
                // a Redis that refuses the client's certificate (or wants one) says so after the
                // handshake of TLS 1.3, and closes: asked here, not in the middle of a store's work
                else if (tls != null) c.call(bytes("PING"));
                if (database != 0) c.call(bytes("SELECT"), bytes(Integer.toString(database)));
            } catch (SocketTimeoutException slow) {
                throw slow;
            } catch (IOException e) {
                if (tls == null) throw e;
                throw new HandshakeFailed("TLS with Redis at " + host + ":" + port + " ended at its first command: " + e.getMessage(), e);
            }
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** TLS over {@code plain} (see {@link TlsClient#handshake}); a failure names the server. */
    private static Socket handshake(SSLSocketFactory tls, Socket plain, String host, int port) throws IOException {
        try {
            return TlsClient.handshake(tls, plain, host, port);
        } catch (IOException e) {
            throw new HandshakeFailed("TLS with Redis at " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
    }

    /** The TLS handshake with Redis failed. */
    static final class HandshakeFailed extends IOException {
        HandshakeFailed(String message, IOException cause) {
            super(message, cause);
        }

        /**
         * Whether Redis ended the connection during the handshake or at the first command after it:
         * what refusing a client's certificate, or wanting one, looks like (the alert that says which
         * is lost when it arrives as this node still writes).
         */
        boolean endedAtOnce() {
            return getCause() instanceof java.net.SocketException || getCause() instanceof EOFException
                    || getCause() instanceof javax.net.ssl.SSLException;
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    /** Sends one command and reads its reply; an error reply is thrown as {@link RedisError}. */
    Object call(byte[]... args) throws IOException {
        send(args);
        flush();
        return check(read());
    }

    /** Queues one command; {@link #flush} sends what is queued. */
    void send(byte[]... args) throws IOException {
        writeHeader('*', args.length);
        for (byte[] arg : args) {
            writeHeader('$', arg.length);
            out.write(arg);
            out.write('\r');
            out.write('\n');
        }
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Reads the next reply; an error reply is returned, not thrown, so a pipeline's later replies can still be read. */
    Object read() throws IOException {
        int type = in.read();
        return switch (type) {
            case '+' -> line();
            case '-' -> new RedisError(line());
            case ':' -> number();
            case '$' -> bulk();
            case '*' -> array();
            case -1 -> throw new EOFException("the server closed the connection");
            default -> throw new IOException("not a RESP reply: byte " + type + " where a reply begins");
        };
    }

    /**
     * Reads the next reply waiting at most {@code millis} for it (a long commit), then goes back
     * to the usual read timeout.
     */
    Object read(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return read();
        } finally {
            socket.setSoTimeout(readTimeoutMillis);
        }
    }

    static Object check(Object reply) {
        if (reply instanceof RedisError e) throw new RedisError(e.getMessage());
        return reply;
    }

    private void writeHeader(char kind, int n) throws IOException {
        out.write(kind);
        out.write(bytes(Integer.toString(n)));
        out.write('\r');
        out.write('\n');
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        for (;;) {
            int b = in.read();
            if (b == -1) throw new EOFException("the server closed the connection in a reply");
            if (b == '\r') {
                if (in.read() != '\n') throw new IOException("not a RESP reply: CR without LF");
                return s.toString();
            }
            s.append((char) b);
        }
    }

    private long number() throws IOException {
        String s = line();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IOException("not a RESP number: '" + s + "'");
        }
    }

    private byte[] bulk() throws IOException {
        long n = number();
        if (n == -1) return null;
        if (n < 0 || n > MAX_BULK) throw new IOException("not a RESP bulk length: " + n);
        byte[] b = in.readNBytes((int) n);
        if (b.length != n) throw new EOFException("the server closed the connection in a reply");
        if (in.read() != '\r' || in.read() != '\n') throw new IOException("not a RESP reply: bulk string without CRLF");
        return b;
    }

    private List<Object> array() throws IOException {
        long n = number();
        if (n == -1) return null;
        if (n < 0 || n > Integer.MAX_VALUE) throw new IOException("not a RESP array length: " + n);
        List<Object> items = new ArrayList<>((int) Math.min(n, 4096));
        for (long i = 0; i < n; i++) items.add(read());
        return items;
    }

    /** How long this connection has waited unused in the pool, in nanoseconds. */
    /** The server's address and port, as the socket reached it. */
    String peer() {
        return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    long idleNanos() {
        return System.nanoTime() - idleSince;
    }

    void markIdle() {
        idleSince = System.nanoTime();
    }

    static boolean isTimeout(IOException e) {
        return e instanceof SocketTimeoutException;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a connection we give up on: nothing to add
        }
    }
}
