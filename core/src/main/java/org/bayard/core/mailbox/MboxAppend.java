package org.bayard.core.mailbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bayard.core.HaltCleanups;
import org.bayard.core.IoProblem;

/**
 * The bytes one run appends to a mailbox, through the channel that holds its lock, and what
 * undoes them: a run that fails half way (a full disk, a message that could not be read) cut
 * its last message off at the end of the user's mailbox, which a mail client showed as a whole
 * message and the next delivery appended after. Undone, the mailbox is as the run found it. A
 * run stopped by Ctrl-C or SIGTERM runs no {@code close()}, only shutdown hooks: the appends
 * still under way are undone by one. A command halted out of heap runs not even those, only
 * {@link HaltCleanups}: each append is registered there too.
 */
final class MboxAppend extends OutputStream {
    private static final Set<MboxAppend> UNDER_WAY = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(MboxAppend::undoAllUnderWay, "bayard-mbox-append-undo"));
    }

    private final FileChannel channel;
    private final Path mbox;
    /** The mailbox's length before this run: what {@link #undo} cuts it back to. */
    private final long start;
    /** Kept or being undone: nothing more is written. */
    private boolean over;
    /** Cut back or kept, and the mailbox let go: nothing more to do. */
    private boolean settled;
    private final HaltCleanups.Registration onHalt;

    MboxAppend(FileChannel channel, Path mbox) throws IOException {
        this.channel = channel;
        this.mbox = mbox;
        this.start = channel.size();
        channel.position(start);
        UNDER_WAY.add(this);
        onHalt = HaltCleanups.add(() -> {
            try {
                undo();
            } catch (IOException e) {
                // nothing to say it with: the halt's own line is the one that reaches the user
            }
        });
    }

    private static void undoAllUnderWay() {
        for (MboxAppend a : UNDER_WAY) {
            try {
                a.undo();
            } catch (IOException e) {
                System.err.println("bayard: " + a.mbox + ": stopped while appending to it, and it could not be cut back to what it"
                        + " held before (" + IoProblem.reason(e) + "); its last message may be cut off");
            }
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (over) throw new FileSystemException(mbox.toString(), null, "the run was stopped; the mailbox is left as it was");
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        try {
            while (buffer.hasRemaining()) channel.write(buffer);
        } catch (IOException e) {
            // the reason alone ("no space left on device") did not say which file
            FileSystemException named = new FileSystemException(mbox.toString(), null, IoProblem.reason(e)
                    + "; the mailbox is left as it was, with nothing of this run in it");
            named.initCause(e);
            throw named;
        }
    }

    /**
     * Cuts the mailbox back to its length before this run, still under the run's lock, and lets
     * go; nothing once the run was kept. A cut that fails (out of heap on the command's thread)
     * leaves the undo registered, for the halt or the shutdown hook to try again.
     */
    synchronized void undo() throws IOException {
        over = true;
        if (settled) return;
        channel.truncate(start);
        settled = true;
        try {
            channel.close();
        } finally {
            forget();
        }
    }

    /** Keeps what this run appended, and lets go of the mailbox. */
    @Override
    public synchronized void close() throws IOException {
        over = true;
        if (settled) return;
        settled = true;
        try {
            channel.close();
        } finally {
            forget();
        }
    }

    private void forget() {
        UNDER_WAY.remove(this);
        onHalt.close();
    }
}
