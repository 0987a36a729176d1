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
 * Holds a message in memory up to a bound, then moves it to a temporary file, so a 50 MB message
 * does not cost 50 MB of heap. {@link #close()} deletes the file.
 *
 * <p>A write to the file that fails (a full disk, a spool directory gone) does not throw: the
 * rest of the message is read and dropped, and {@link #storageFailure()} says why, so the
 * session can answer the client 452 at the end of DATA, as a full queue does in Postfix, instead
 * of dropping the connection with the message half read.
 */
public final class SpillBuffer extends OutputStream implements SpooledMessage {
    private final int memoryLimit;
    private final Path dir;
    private byte[] mem = new byte[8192];
    private int memSize;
    private Path file;
    private OutputStream fileOut;
    private long size;
    private IOException storageFailure;

    public SpillBuffer(int memoryLimit, Path dir) {
        this.memoryLimit = memoryLimit;
        this.dir = dir;
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
            if (file == null && memSize + len > memoryLimit) spill();
            if (file != null) fileOut.write(b, off, len);
        } catch (IOException e) {
            fail(e);
        }
        if (file == null && storageFailure == null) {
            if (memSize + len > mem.length) mem = Arrays.copyOf(mem, Math.max(memSize + len, Math.min(memoryLimit, mem.length * 2)));
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
        mem = null;
        try {
            close();
        } catch (IOException ignored) {
            // the failure is already recorded; the file goes with close() or stays for tmpreaper
        }
    }

    private void spill() throws IOException {
        Files.createDirectories(dir);
        file = Files.createTempFile(dir, "msg-", ".spill");
        fileOut = new BufferedOutputStream(Files.newOutputStream(file), 65536);
        fileOut.write(mem, 0, memSize);
        mem = null;
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
        mem = null;
        try {
            if (out != null) out.close();
        } finally {
            if (file != null) Files.deleteIfExists(file);
        }
    }
}
