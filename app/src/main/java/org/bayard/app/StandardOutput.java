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
 */
public final class StandardOutput {
    /** The exit status of a command whose reader went away: a shell's for a process ended by SIGPIPE. */
    public static final int EXIT_READER_GONE = 141;

    private static volatile PrintStream installed;
    private static volatile boolean readerGone;

    private StandardOutput() {}

    /** Replaces System.out with the watched stream (same charset, flushed at each line as it was) and returns it. */
    static PrintStream install() {
        PrintStream out = new PrintStream(new BufferedOutputStream(new Watch(new FileOutputStream(FileDescriptor.out)), 8192),
                true, System.out.charset());
        installed = out;
        System.setOut(out);
        return out;
    }

    /** Whether {@code out} is the process's standard output and a write to it found its reader gone. */
    public static boolean readerWentAway(PrintStream out) {
        return out == installed && readerGone;
    }

    /** Notes EPIPE ("Broken pipe") as it passes; the error goes on to PrintStream as before. */
    private static final class Watch extends FilterOutputStream {
        Watch(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                note(e);
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                note(e);
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                note(e);
                throw e;
            }
        }

        private static void note(IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Broken pipe")) readerGone = true;
        }
    }
}
