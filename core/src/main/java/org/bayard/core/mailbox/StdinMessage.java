package org.bayard.core.mailbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.bayard.core.HaltCleanups;
import org.bayard.core.IoProblem;

/**
 * Standard input ({@code -} among {@link MailInputs}' arguments) read as one message. Why a
 * class of its own: unlike a path it can be read only once, always to its end (so a writer
 * piping into us does not die of a broken pipe), and a long one is copied to a temporary file
 * for a streaming caller, which must be deleted once the caller moves on.
 */
final class StdinMessage {
    private final InputStream stdin;
    private final int limit;
    /** How much a streaming caller holds; past it, standard input is {@link #spool spooled}. */
    private final int wholeFileLimit;
    /** A copy of standard input that {@link MailInputs#wholeFile} names, deleted once the caller moves on; or null. */
    private Path spooled;
    /**
     * The copy's deletion should the JVM be halted first (out of heap): the halt skips the caller's
     * finally block, and a trap address's report stayed in the temporary folder at each retry.
     */
    private HaltCleanups.Registration onHalt;

    StdinMessage(InputStream stdin, int limit, int wholeFileLimit) {
        this.stdin = stdin;
        this.limit = limit;
        this.wholeFileLimit = wholeFileLimit;
    }

    /**
     * Reads standard input as one message, to its end even past the limit; a copy of a long one
     * that a streaming caller reads whole is then {@link #spooled}.
     */
    RawMessage read() {
        try {
            boolean streamed = wholeFileLimit < limit;
            byte[] bytes = stdin.readNBytes(streamed ? wholeFileLimit : limit);
            int after = stdin.read();
            boolean more = after >= 0;
            if (more && streamed) {
                spool(bytes, after);
            } else if (more) {
                stdin.transferTo(OutputStream.nullOutputStream());
            }
            Set<RawMessage.Anomaly> anomalies = EnumSet.noneOf(RawMessage.Anomaly.class);
            if (more) anomalies.add(RawMessage.Anomaly.TRUNCATED);
            if (looksLikeMailbox(bytes)) anomalies.add(RawMessage.Anomaly.MAILBOX_ON_STDIN);
            return new RawMessage(MailInputs.STDIN_ORIGIN, bytes, anomalies);
        } catch (IOException e) {
            throw new UncheckedIOException("error reading " + MailInputs.STDIN_ORIGIN + ": " + e.getMessage(), e);
        }
    }

    /**
     * Standard input, longer than a streaming caller holds, copied whole to a temporary file
     * (readable by this user only) for the caller to stream from: it can be read only once. When
     * no copy can be made (the temporary folder full), the rest is read and dropped, so the
     * writer does not die of a broken pipe, and the message is refused as a path that cannot be
     * read, never yielded cut.
     */
    private void spool(byte[] head, int next) throws IOException {
        Path copy = null;
        try {
            copy = Files.createTempFile("bayard-stdin-", ".eml");
            onHalt = HaltCleanups.add(deletion(copy));
            // Ctrl-C or SIGTERM (a mail system stopping a trap address's pipe) runs no finally block,
            // only the JVM's shutdown, which this asks to delete it: a copy of a report stayed in /tmp
            copy.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(copy)) {
                out.write(head);
                out.write(next);
                stdin.transferTo(out);
            }
            spooled = copy;
        } catch (IOException e) {
            if (copy != null) Files.deleteIfExists(copy);
            closeOnHalt();
            stdin.transferTo(OutputStream.nullOutputStream());
            throw new MailInputException(MailInputs.STDIN_ORIGIN, "longer than " + head.length + " bytes, and no copy of it could be"
                    + " made in the temporary folder to read it whole (" + IoProblem.reason(e) + ")");
        }
    }

    /** The copy the last {@link #read} made of a long standard input, or null. */
    Path spooled() {
        return spooled;
    }

    /** Deletes the copy of standard input, once the caller is done with its message. */
    void dropSpooled() {
        if (spooled == null) return;
        try {
            Files.deleteIfExists(spooled);
        } catch (IOException ignored) {
            // a temporary file left in the temporary folder, for its cleaner
        }
        spooled = null;
        closeOnHalt();
    }

    /**
     * The copy's deletion for a halt, which may run with the heap full: through a {@link File}
     * made now, whose delete allocates nothing on the heap (what it cannot delete is left for the
     * temporary folder's cleaner).
     */
    private static Runnable deletion(Path copy) {
        File file = copy.toFile();
        return file::delete;
    }

    private void closeOnHalt() {
        if (onHalt != null) onHalt.close();
        onHalt = null;
    }

    /**
     * An mbox {@code From } line first and another right after a blank line: two messages or
     * more. After a real envelope line first, only another real one counts, as {@link MboxReader}
     * splits a mailbox: "From the desk of ..." in a body is no second message. Or MMDF's
     * delimiter line first: even one message between delimiters is no mail as it stands.
     */
    static boolean looksLikeMailbox(byte[] m) {
        if (MailInputs.startsWithMmdfDelimiter(m)) return true;
        if (!MboxReader.startsWith(m, 0, m.length, FROM)) return false;
        boolean strict = EnvelopeLine.isEnvelope(m, 0, m.length);
        for (int i = 0; i + 1 < m.length; i++) {
            if (m[i] != '\n') continue;
            int next = i + 1;
            if (m[next] == '\r' && next + 1 < m.length) next++;
            if (m[next] != '\n') continue;
            if (strict ? EnvelopeLine.isEnvelope(m, next + 1, m.length) : MboxReader.startsWith(m, next + 1, m.length, FROM)) return true;
        }
        return false;
    }

    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};
}
