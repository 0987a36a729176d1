package org.bayard.smtp;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Holds a message in memory up to a bound, and within the {@link MessageMemory} all sessions
 * share, then moves it to a temporary file, so a 50 MB message does not cost 50 MB of heap, nor
 * 500 messages of 1 MB 500 MB. {@link #close()} deletes the file.
 *
 * <p>A write to the file that fails (a full disk, a spool directory gone) does not throw: the
 * rest of the message is read and dropped, and {@link #storageFailure()} says why, so the
 * session can answer the client 452 at the end of DATA, as a full queue does in Postfix, instead
 * of dropping the connection with the message half read.
 */
public final class SpillBuffer extends OutputStream implements SpooledMessage {
    private final int memoryLimit;
    private final Path dir;
    private final MessageMemory memory;
    /** What {@link #mem} has taken of {@link #memory} past its first 8 KB, given back when it goes. */
    private long taken;
    private byte[] mem = new byte[8192];
    private int memSize;
    private Path file;
    private OutputStream fileOut;
    private long size;
    private IOException storageFailure;

    public SpillBuffer(int memoryLimit, Path dir) {
        this(memoryLimit, dir, MessageMemory.UNBOUNDED);
    }

    public SpillBuffer(int memoryLimit, Path dir, MessageMemory memory) {
        this.memoryLimit = memoryLimit;
        this.dir = dir;
        this.memory = memory;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (storageFailure != null) {
            size += len;
            return;
        }
        try {
            if (file == null && (memSize + len > memoryLimit || !room(memSize + len))) spill();
            if (file != null) fileOut.write(b, off, len);
        } catch (IOException e) {
            fail(e);
        }
        if (file == null && storageFailure == null) {
            System.arraycopy(b, off, mem, memSize, len);
            memSize += len;
        }
        size += len;
    }

    /** Why the message could not be kept, or null. The bytes after it were read and dropped. */
    public IOException storageFailure() {
        return storageFailure;
    }

    private void fail(IOException e) {
        storageFailure = e;
        dropMemory();
        try {
            close();
        } catch (IOException ignored) {
            // the failure is already recorded; the file goes with close() or stays for tmpreaper
        }
    }

    /** Makes {@link #mem} hold {@code needed} bytes, within the shared budget; false when it has no room left. */
    private boolean room(int needed) {
        if (needed <= mem.length) return true;
        int capacity = Math.max(needed, Math.min(memoryLimit, mem.length * 2));
        if (!memory.tryTake(capacity - mem.length)) return false;
        taken += capacity - mem.length;
        mem = Arrays.copyOf(mem, capacity);
        return true;
    }

    /** Lets go of {@link #mem} and what it took of the shared budget. */
    private void dropMemory() {
        mem = null;
        memory.give(taken);
        taken = 0;
    }

    private void spill() throws IOException {
        Files.createDirectories(dir);
        file = Files.createTempFile(dir, "msg-", ".spill");
        fileOut = new BufferedOutputStream(Files.newOutputStream(file), 65536);
        fileOut.write(mem, 0, memSize);
        dropMemory();
    }

    @Override
    public void flush() {
        if (fileOut == null || storageFailure != null) return;
        try {
            fileOut.flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public long size() {
        return size;
    }

    public boolean spilled() {
        return file != null;
    }

    @Override
    public InputStream open() throws IOException {
        if (file == null) return new ByteArrayInputStream(mem, 0, memSize);
        fileOut.flush();
        return Files.newInputStream(file);
    }

    @Override
    public byte[] head(int max) throws IOException {
        if (file == null) return Arrays.copyOf(mem, Math.min(max, memSize));
        try (InputStream in = open()) {
            return in.readNBytes(max);
        }
    }

    @Override
    public void close() throws IOException {
        OutputStream out = fileOut;
        fileOut = null;
        dropMemory();
        try {
            if (out != null) out.close();
        } finally {
            if (file != null) Files.deleteIfExists(file);
        }
    }
}
