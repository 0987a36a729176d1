package org.bayard.app;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The process's standard output, watched for a reader that went away ({@code bayard tokens FILE |
 * head -1}). A Unix tool is ended by SIGPIPE then, quietly, with status 141 (128 + 13), which a
 * shell's pipefail still reports; the JVM ignores SIGPIPE and sees EPIPE as an IOException that
 * PrintStream keeps to itself, so the command said "cannot write to standard output" and ended
 * with 1. Only this stream knows which error it was: a full disk or a closed descriptor is still
 * said, as before.
 *
 * <p>A command whose work is only what it prints ({@link StopsWithItsReader}) is stopped at the first
 * write that finds the reader gone, by {@link ReaderGone}: it went on reading, scoring or exporting
 * everything, for no one, before it ended with 141 ({@code bayard score FOLDER | head -1} scored
 * the whole folder). A command that changes the store or passes mail on finishes its work, which
 * does not depend on a reader, and ends with 141 then.
 */
public final class StandardOutput {
    /** The exit status of a command whose reader went away: a shell's for a process ended by SIGPIPE. */
    public static final int EXIT_READER_GONE = 141;

    private static volatile PrintStream installed;
    private static volatile boolean readerGone;
    private static volatile boolean stopAtReaderGone;

    private StandardOutput() {}

    /** Replaces System.out with the watched stream (same charset, flushed at each line as it was) and returns it. */
    static PrintStream install() {
        PrintStream out = new PrintStream(new BufferedOutputStream(new Watch(new FileOutputStream(FileDescriptor.out)), 8192),
                true, System.out.charset());
        installed = out;
        System.setOut(out);
        return out;
    }

    /** Whether {@code out} is the process's standard output, file descriptor 1. */
    public static boolean isProcessOutput(PrintStream out) {
        return out != null && out == installed;
    }

    /** Whether {@code out} is the process's standard output and a write to it found its reader gone. */
    public static boolean readerWentAway(PrintStream out) {
        return out == installed && readerGone;
    }

    /**
     * Whether a write to standard output that finds its reader gone throws {@link ReaderGone}
     * (and every write after it, without trying the descriptor again), or fails as PrintStream's
     * writes do, quietly. Set for the command that runs; reset when it has returned, so that
     * nothing written later (at exit) throws.
     */
    public static void stopAtReaderGone(boolean stop) {
        stopAtReaderGone = stop;
    }

    /** Whether {@code e}, or what caused it, is a command stopped by {@link ReaderGone}. */
    public static boolean stoppedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ReaderGone) return true;
        }
        return false;
    }

    /**
     * Unchecked, so that it passes through PrintStream (which keeps IOExceptions to itself) and
     * the loops that print, to the command's end: the exit status is then {@link #EXIT_READER_GONE}.
     */
    public static final class ReaderGone extends RuntimeException {
        private ReaderGone() {
            super("standard output's reader went away", null, false, false);
        }
    }

    /** Notes EPIPE ("Broken pipe") as it passes; the error goes on to PrintStream as before. */
    private static final class Watch extends FilterOutputStream {
        Watch(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            stopIfGone();
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw note(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            stopIfGone();
            try {
                out.write(b);
            } catch (IOException e) {
                throw note(e);
            }
        }

        @Override
        public void flush() throws IOException {
            stopIfGone();
            try {
                out.flush();
            } catch (IOException e) {
                throw note(e);
            }
        }

        private static void stopIfGone() {
            if (readerGone && stopAtReaderGone) throw new ReaderGone();
        }

        /** The error to go on with: {@code e}, unless the reader went away and the command stops for that. */
        private static IOException note(IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Broken pipe")) readerGone = true;
            stopIfGone();
            return e;
        }
    }
}
