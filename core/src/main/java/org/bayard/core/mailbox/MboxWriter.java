package org.bayard.core.mailbox;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Appends messages to an mbox in the mboxrd format {@link MboxReader} reads.
 *
 * <p>Each message becomes: a separator line {@code From MAILER-DAEMON Thu Aug  2 13:17:22 2025}
 * (asctime, in the clock's zone), the message with every line matching {@code >*From } given
 * one more {@code >}, and one blank line ({@code "\n"}). Separator and blank line are LF even
 * when the message uses CRLF; readers accept either.
 *
 * <p>What a round trip through {@link MboxReader#mbox} preserves: every byte of a message
 * that is empty or ends in LF. A non-empty message that does not end in LF gets one appended,
 * because mbox framing is line based: without it the blank line would join its last line. Any
 * number of messages, of any content, read back as the same messages in the same order, with
 * one exception: the reader trusts a message's {@code Content-Length} when it ends at a
 * separator, so a wrong one that happens to end at a later message's separator, or one byte
 * past its own message (after the blank line written here), frames it that way.
 *
 * <p>The output stream is buffered here; {@link #flush()} or {@link #close()} to get the bytes
 * out. Not thread-safe.
 */
public final class MboxWriter implements Closeable, Flushable {

    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

    private final OutputStream out;
    private final Clock clock;
    /** The mailbox {@link #appendTo} appends to, where a failed run is undone at {@link #close}; null for a stream. */
    private final MboxAppend append;
    /**
     * Whether a write failed: the run is then undone rather than its half message flushed. Any
     * Throwable counts (each is rethrown as it is), an Error too: out of heap while a message's
     * stream was read, close() kept its first part.
     */
    private boolean failed;

    public MboxWriter(OutputStream out, Clock clock) {
        this(out, clock, null);
    }

    private MboxWriter(OutputStream out, Clock clock, MboxAppend append) {
        this.out = new BufferedOutputStream(Objects.requireNonNull(out, "out"), 1 << 16);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.append = append;
    }

    public MboxWriter(OutputStream out) {
        this(out, Clock.systemUTC());
    }

    /**
     * Opens {@code mbox} for appending, creating it if missing, under an exclusive fcntl lock
     * held until {@link #close()}: the lock that delivery agents (Postfix's local(8), Exim,
     * procmail, Dovecot's LDA) and mail clients take to append to a mailbox. Without it, an export
     * into a mailbox being delivered to wrote into the middle of the delivered message. A lock
     * held by another program for longer than {@link MailboxSnapshot#LOCK_WAIT_MILLIS} is an
     * error, and nothing is written; a file system without locks is written unlocked. If the file
     * already holds something that does not end in a blank line, one is written first, so the
     * first new separator is recognised and the old last message keeps its bytes. The run is kept
     * by {@link #commit()}; one that fails first (a full disk, a message that could not be read)
     * is undone at {@link #close()}: the mailbox is left as it was, with no half message at its end.
     */
    public static MboxWriter appendTo(Path mbox, Clock clock) throws IOException {
        if (Files.isDirectory(mbox)) throw new java.nio.file.FileSystemException(mbox.toString(), null, "is a directory, not an mbox");
        // not APPEND, which Java allows only without READ: under the lock, the end stays where it is
        FileChannel channel = FileChannel.open(mbox, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            lockForAppending(channel, mbox);
            // read through the locked channel: closing another one on the file would drop the lock
            int missing = missingNewlines(channel);
            MboxAppend append = new MboxAppend(channel, mbox);
            MboxWriter w = new MboxWriter(append, clock, append);
            for (int i = 0; i < missing; i++) w.out.write('\n');
            return w;
        } catch (Throwable e) {
            channel.close();
            throw e;
        }
    }

    /** Waits for other programs' locks on the mailbox to go, then takes it; see {@link #appendTo}. */
    private static void lockForAppending(FileChannel channel, Path mbox) throws IOException {
        long deadline = System.nanoTime() + MailboxSnapshot.LOCK_WAIT_MILLIS * 1_000_000;
        while (true) {
            try {
                if (channel.tryLock() != null) return; // released when the channel closes
            } catch (OverlappingFileLockException thisJvm) {
                return; // a reader or writer of ours, which never appends at the same time
            } catch (IOException noLocksHere) {
                return; // ENOLCK (some network file systems): written as it is, as before
            }
            if (System.nanoTime() > deadline) {
                throw new java.nio.file.FileSystemException(mbox.toString(), null, "another program (a delivery?) held a lock on it for "
                        + MailboxSnapshot.LOCK_WAIT_MILLIS / 1000 + " s; nothing was written to it");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for a delivery's lock on " + mbox);
            }
        }
    }

    public void write(RawMessage message) throws IOException {
        write(message.bytes());
    }

    public void write(byte[] message) throws IOException {
        try {
            writeBytes(message);
        } catch (Throwable e) {
            failed = true;
            throw e;
        }
    }

    private void writeBytes(byte[] message) throws IOException {
        out.write(("From MAILER-DAEMON " + ASCTIME.format(ZonedDateTime.now(clock)) + "\n").getBytes(StandardCharsets.US_ASCII));
        int start = 0;
        while (start < message.length) {
            int q = start;
            while (q < message.length && message[q] == '>') q++;
            if (MboxReader.startsWith(message, q, message.length, FROM)) out.write('>');
            int end = start;
            while (end < message.length && message[end] != '\n') end++;
            if (end < message.length) end++;
            out.write(message, start, end - start);
            start = end;
        }
        if (message.length > 0 && message[message.length - 1] != '\n') out.write('\n');
        out.write('\n');
    }

    /**
     * As {@link #write(byte[])}, copying the message as it is read, so that one larger than the
     * heap can be written; the stream is read to its end, not closed.
     */
    public void write(InputStream message) throws IOException {
        try {
            writeStream(message);
        } catch (Throwable e) {
            failed = true; // reading the message too: half of it would be left behind
            throw e;
        }
    }

    private void writeStream(InputStream message) throws IOException {
        out.write(("From MAILER-DAEMON " + ASCTIME.format(ZonedDateTime.now(clock)) + "\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = message instanceof BufferedInputStream ? message : new BufferedInputStream(message, 1 << 16);
        int last = -1;
        boolean lineStart = true;
        for (int b = in.read(); b >= 0; ) {
            if (!lineStart) {
                out.write(b);
                last = b;
                lineStart = b == '\n';
                b = in.read();
                continue;
            }
            // a line start: >*From  gets one more '>'; the '>' run and what matched of From are held until that is known
            long gts = 0;
            while (b == '>') {
                gts++;
                b = in.read();
            }
            int matched = 0;
            while (matched < FROM.length && b == FROM[matched]) {
                matched++;
                b = in.read();
            }
            if (matched == FROM.length) out.write('>');
            for (long i = 0; i < gts; i++) out.write('>');
            out.write(FROM, 0, matched);
            if (gts > 0 || matched > 0) last = matched > 0 ? FROM[matched - 1] : '>';
            lineStart = false; // b, if any, is the next byte of this line (or its LF), written as any other
            if (gts == 0 && matched == 0 && b >= 0) {
                out.write(b);
                last = b;
                lineStart = b == '\n';
                b = in.read();
            }
        }
        if (last >= 0 && last != '\n') out.write('\n');
        out.write('\n');
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (Throwable e) {
            failed = true;
            throw e;
        }
    }

    /**
     * Keeps the run appended to a mailbox {@link #appendTo} opened: writes what is still buffered
     * and lets go of the mailbox. Unless this is called and succeeds, {@link #close()} cuts the
     * mailbox back to what it held before: a caller's own step that failed between two writes
     * (reading the next message, out of heap) left the messages written so far, a part of the run,
     * kept as though the run were whole. For a stream, the same as {@link #close()}.
     *
     * @throws IllegalStateException if a write of this run failed: the run is undone, not kept
     */
    public void commit() throws IOException {
        if (append == null) {
            out.close();
            return;
        }
        if (failed) {
            append.undo();
            throw new IllegalStateException("a write of this run failed: it is undone, not kept");
        }
        try {
            out.flush();
        } catch (Throwable e) {
            failed = true;
            append.undo();
            throw e;
        }
        append.close();
    }

    /**
     * Closes. A mailbox {@link #appendTo} appended to is cut back to what it held before, under
     * the same lock, unless {@link #commit()} kept the run: an appended run is all or nothing.
     */
    @Override
    public void close() throws IOException {
        if (append == null) {
            out.close();
            return;
        }
        append.undo(); // nothing once committed; else what is still buffered is dropped with the rest of the run
    }

    /** How many LFs the file needs so that it ends in a blank line; 0 for an empty file. */
    private static int missingNewlines(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) return 0;
        ByteBuffer tail = ByteBuffer.allocate((int) Math.min(3, size));
        long position = size - tail.capacity();
        for (int n; tail.hasRemaining() && (n = ch.read(tail, position)) >= 0; ) {
            position += n; // a file that shrinks under us just ends the read early
        }
        String t = new String(tail.array(), 0, tail.position(), StandardCharsets.ISO_8859_1);
        if (t.endsWith("\n\n") || t.endsWith("\n\r\n")) return 0;
        return t.endsWith("\n") ? 1 : 2;
    }
}
