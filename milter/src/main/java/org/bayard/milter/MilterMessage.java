package org.bayard.milter;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bayard.smtp.Envelope;
import org.bayard.smtp.SpillBuffer;

/**
 * One message of a milter connection, from MAIL to its end: the envelope as the MTA gave it, and
 * the message rebuilt from its header and body packets (each header as {@code Name: value} with
 * CRLF line ends, a blank line, the body as sent), kept in memory up to a limit and spilled to a
 * file past it.
 */
final class MilterMessage implements AutoCloseable {
    final String sender;
    final Instant began;
    final List<String> recipients = new ArrayList<>();
    /** Recipients the gate keeps from delivery (a trap among others): deleted from the MTA's copy at the end. */
    final List<String> localRecipients = new ArrayList<>();
    /** The header fields in the MTA's order, values unfolded, for the changes at the end. */
    final List<HeaderChanges.Field> headers = new ArrayList<>();
    private final SpillBuffer buffer;
    private boolean headEnded;

    MilterMessage(String sender, Instant began, int memory, java.nio.file.Path spillDir) {
        this.sender = sender;
        this.began = began;
        this.buffer = new SpillBuffer(memory, spillDir);
    }

    void header(String name, String value) {
        headers.add(new HeaderChanges.Field(name, HeaderChanges.unfolded(value)));
        // folded lines come with bare line ends; the message the gate reads has CRLF throughout
        String crlf = value.replace("\r\n", "\n").replace("\n", "\r\n");
        add(ascii(name + ": " + crlf + "\r\n"));
    }

    void endOfHeaders() {
        if (!headEnded) add(ascii("\r\n"));
        headEnded = true;
    }

    void body(byte[] chunk) {
        endOfHeaders(); // with SMFIP_NOEOH negotiated away by an MTA, or none sent
        add(chunk);
    }

    private void add(byte[] b) {
        buffer.write(b, 0, b.length);
    }

    long size() {
        return buffer.size();
    }

    /** The message as read, once the MTA has sent its end; a storage failure of the spill file is thrown here. */
    SpillBuffer whole() throws IOException {
        endOfHeaders();
        IOException failed = buffer.storageFailure();
        if (failed != null) throw failed;
        return buffer;
    }

    /** The envelope for the filter; {@code tls} is what the MTA said of its client's TLS, empty for plaintext. */
    Envelope envelope(String queueId, InetAddress client, String helo, java.util.Optional<String> tls) {
        return new Envelope(queueId, client, helo, sender, recipients, began, localRecipients, List.of(), Map.of(), false, tls);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        buffer.close();
    }
}
