package org.bayard.core.mailbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.bayard.core.IoProblem;

/**
 * The bytes one run appends to a mailbox, through the channel that holds its lock, and what
 * undoes them: a run that fails half way (a full disk, a message that could not be read) cut
 * its last message off at the end of the user's mailbox, which a mail client showed as a whole
 * message and the next delivery appended after. Undone, the mailbox is as the run found it.
 */
final class MboxAppend extends OutputStream {
    private final FileChannel channel;
    private final Path mbox;
    /** The mailbox's length before this run: what {@link #undo} cuts it back to. */
    private final long start;

    MboxAppend(FileChannel channel, Path mbox) throws IOException {
        this.channel = channel;
        this.mbox = mbox;
        this.start = channel.size();
        channel.position(start);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
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

    /** Cuts the mailbox back to its length before this run, still under the run's lock, and lets go. */
    void undo() throws IOException {
        try (FileChannel c = channel) {
            c.truncate(start);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
