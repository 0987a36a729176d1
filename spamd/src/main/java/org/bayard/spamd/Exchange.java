package org.bayard.spamd;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.util.Optional;
import org.bayard.net.Link;
import org.bayard.spamd.MessageReader.Message;
import org.bayard.spamd.SpamdBackend.Scan;

/** One connection: one request read, answered, and the connection closed, as spamd serves them. */
final class Exchange {
    /** What is read off after the answer, so that the close is a FIN and not a reset that could lose the answer. */
    private static final int LINGER_OCTETS = 1 << 20;
    private static final int LINGER_MILLIS = 1000;

    private final Link link;
    private final SpamdBackend backend;
    private final SpamdSettings settings;
    private final PrintStream log;

    Exchange(Link link, SpamdBackend backend, SpamdSettings settings, PrintStream log) {
        this.link = link;
        this.backend = backend;
        this.settings = settings;
        this.log = log;
    }

    void run() {
        try (link) {
            long deadline = System.nanoTime() + settings.requestTime().toNanos();
            InputStream in = new DeadlineInput(link, new BufferedInputStream(link.input()),
                    settings.readTimeout().toMillis(), deadline);
            byte[] answer;
            try {
                answer = answer(in);
            } catch (BadRequest e) {
                answer = Answers.error(e.status(), e.getMessage());
                log.println("bayard serve: spamd: " + client() + ": answered " + e.status().code() + " " + RequestReader.printable(e.getMessage(), 500));
            } catch (SocketTimeoutException e) {
                answer = Answers.error(Status.EX_TIMEOUT, "Timeout: (" + settings.readTimeout().toSeconds()
                        + " second socket timeout reading input from client, or the request not read whole in "
                        + settings.requestTime().toSeconds() + " seconds)");
            }
            if (answer != null) send(link, answer);
        } catch (javax.net.ssl.SSLException e) {
            // most likely a client speaking plain text to the TLS port: there is no way to tell it, so the log does
            log.println("bayard serve: spamd: " + client() + ": TLS failed (the door speaks TLS only: spamc needs -S): " + e.getMessage());
        } catch (IOException e) {
            // the client went away: nothing was learned that it did not ask for, and it has its message
        }
    }

    /** The answer to the request on {@code in}, or null when there is none to give (SKIP, or no request). */
    private byte[] answer(InputStream in) throws IOException, BadRequest {
        Optional<Request> read = new RequestReader(in).read();
        if (read.isEmpty()) return null;
        Request request = read.get();
        if (request.command() == Command.PING) return Answers.pong();
        if (request.command() == Command.SKIP) return null;
        Message message = MessageReader.read(in, request.length(), request.zlib(), backend.scannedBytes());
        if (request.command() == Command.TELL) return tell(request, message);
        if (request.command().returnsMessage() && !message.whole()) {
            throw new BadRequest(Status.EX_DATAERR, "message larger than " + backend.scannedBytes()
                    + " octets (limits.max-scan-bytes): not processed, pass it on as it is");
        }
        Scan scan;
        try {
            scan = backend.scan(message.bytes());
        } catch (RuntimeException e) {
            log.println("bayard serve: spamd: " + client() + ": the scan failed: " + e);
            throw new BadRequest(Status.EX_SOFTWARE, "Internal error: the scan failed (the server's log says why)");
        }
        return switch (request.command()) {
            case PROCESS -> Answers.withMessage(request, scan, backend.marked(message.bytes(), scan));
            case HEADERS -> Answers.withMessage(request, scan, Answers.headerBlock(backend.marked(message.bytes(), scan)));
            default -> Answers.scanned(request, scan);
        };
    }

    private byte[] tell(Request request, Message message) throws BadRequest {
        if (!settings.allowTell()) {
            throw new BadRequest(Status.EX_UNAVAILABLE, "Service Unavailable: TELL commands are not enabled (spamd.allow-tell)");
        }
        if (!message.whole()) {
            throw new BadRequest(Status.EX_DATAERR, "message larger than " + backend.scannedBytes()
                    + " octets (limits.max-scan-bytes): not learned");
        }
        try {
            return Answers.told(backend.tell(message.bytes(), request.mailClass(), request.set(), request.remove()));
        } catch (SpamdBackend.Unavailable e) {
            throw new BadRequest(Status.EX_TEMPFAIL, "Service Unavailable: " + e.getMessage());
        } catch (SpamdBackend.Refused e) {
            throw new BadRequest(Status.EX_DATAERR, "Not learned: " + e.getMessage());
        } catch (RuntimeException e) {
            log.println("bayard serve: spamd: " + client() + ": the learning failed: " + e);
            throw new BadRequest(Status.EX_SOFTWARE, "Internal error: the learning failed (the server's log says why)");
        }
    }

    private String client() {
        return link.peer();
    }

    /**
     * Writes the answer and ends the connection: output shut first, then what the client still
     * sends read off for a moment, since closing with unread input resets the connection, and a
     * reset can discard an answer the client has not read yet.
     */
    static void send(Link link, byte[] answer) throws IOException {
        OutputStream out = link.output();
        out.write(answer);
        out.flush();
        link.shutdownOutput();
        link.readTimeout(LINGER_MILLIS);
        InputStream in = link.input();
        byte[] sink = new byte[8192];
        long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
        try {
            for (int total = 0; total < LINGER_OCTETS && System.nanoTime() < deadline; ) {
                int n = in.read(sink);
                if (n < 0) break;
                total += n;
            }
        } catch (IOException e) {
            // timed out or reset: the answer was written, and the close follows
        }
    }
}
