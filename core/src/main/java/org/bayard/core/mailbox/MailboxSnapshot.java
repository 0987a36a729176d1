package org.bayard.core.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bayard.core.IoProblem;

/**
 * A mailbox file read as it stood once no delivery was writing to it: its bytes up to the length
 * it had then, and nothing appended after.
 *
 * <p>Delivery agents append to an mbox under an exclusive fcntl lock (Postfix's local(8), Exim,
 * procmail, Dovecot's LDA), and mail readers take a shared one to read it (mutt, Dovecot). A
 * reader that took none, reaching the end of the file while a message was being appended, took
 * the half written last message for a whole one: it was learned, and the next run learned the
 * whole message again under another identity, one message counted twice. The shared lock is held
 * only to note the length, not for the whole read, so training from a large mailbox does not hold
 * up delivery (Postfix defers mail it cannot lock for 20 s); what is appended meanwhile is left
 * for the next run, which finds what this one learned in the ledger.
 *
 * <p>A file system that has no locks (ENOLCK) is read as it is, as before.
 */
final class MailboxSnapshot {
    /** How long a delivery may hold the mailbox before the reader gives up on it: deliveries take milliseconds. */
    static final long LOCK_WAIT_MILLIS = 30_000;
    private static final long RETRY_MILLIS = 20;

    private MailboxSnapshot() {}

    /**
     * Opens the regular file {@code path} for reading its bytes up to the length it has once no
     * one holds a write lock on it.
     *
     * @throws MailInputException when it cannot be opened, or a lock is held on it for longer than {@link #LOCK_WAIT_MILLIS}
     */
    static InputStream open(Path path, String shown) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new MailInputException(shown, IoProblem.reason(e));
        }
        try {
            long length = lengthUnlocked(channel, shown);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The file's length at a moment no one held a write lock on it, or now when locks are not to be had. */
    private static long lengthUnlocked(FileChannel channel, String shown) {
        long deadline = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000;
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock(0, Long.MAX_VALUE, true);
                } catch (OverlappingFileLockException e) {
                    // this JVM holds a lock on it: a delivery of ours, which does not write mailboxes
                    return channel.size();
                } catch (IOException e) {
                    return channel.size(); // no locks on this file system (ENOLCK): read it as it is
                }
                if (lock != null) {
                    try (lock) {
                        return channel.size();
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new MailInputException(shown, "another program (a delivery?) held a lock on it for "
                            + LOCK_WAIT_MILLIS / 1000 + " s");
                }
                Thread.sleep(RETRY_MILLIS);
            }
        } catch (IOException e) {
            throw new MailInputException(shown, IoProblem.reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailInputException(shown, "interrupted while waiting for a delivery's lock on it");
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the failure being reported says more
        }
    }

    /**
     * The file ended before the length it had when its reading began: a mail client emptied it
     * after fetching it (movemail, POP) or rewrote it after an expunge, under the reader. The
     * message being read is cut off and is not read as a message.
     */
    static final class CutShortException extends IOException {
        CutShortException(long missing) {
            super("cut short while it was read (" + missing + " bytes went missing: emptied or rewritten by a mail client?);"
                    + " the rest of it is not read");
        }
    }

    /**
     * The first {@code remaining} bytes of a stream, which must hold as many: an end before them
     * is a {@link CutShortException}. Closing it closes the stream.
     */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = in.read();
            if (b < 0) throw new CutShortException(remaining);
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (remaining <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) throw new CutShortException(remaining);
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
