package org.bayard.smtp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw test client: sends exact bytes, reads whole replies (last line's code). */
public final class SmtpClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public SmtpClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public String send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return reply();
    }

    public void write(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * The client's side of the TLS handshake, after the server's 220 to STARTTLS: from then on the
     * client talks TLS, trusting what {@code tls} trusts and checking the server's certificate names 127.0.0.1.
     */
    public void startTls(javax.net.ssl.SSLSocketFactory tls) throws IOException {
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.createSocket(socket, "127.0.0.1", socket.getPort(), true);
        javax.net.ssl.SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.setUseClientMode(true);
        s.startHandshake();
        socket = s;
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
    }

    /** How long {@link #reply} waits for a byte before it throws SocketTimeoutException (10 s unless set). */
    public void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Makes {@link #close} reset the connection (RST) instead of ending it: the peer's next write fails. */
    public void lingerZero() throws IOException {
        socket.setSoLinger(true, 0);
    }

    /** The next whole reply, lines joined by newlines; null when the server closed. */
    public String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') line.append((char) c);
            if (c < 0) return all.isEmpty() ? null : all.toString();
            String l = line.toString().replace("\r", "");
            if (!all.isEmpty()) all.append('\n');
            all.append(l);
            if (l.length() < 4 || l.charAt(3) == ' ') return all.toString();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
