package org.bayard.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a message as DATA content: a dot at the start of a line is doubled. The input must
 * already use CR LF only (the session refuses anything else), so no stray CR or LF goes out.
 * {@link #finish()} ends the data with {@code CRLF . CRLF}, adding the CR LF a message without
 * a final line end needs.
 */
final class DotStuffingOutputStream extends FilterOutputStream {
    private boolean lineStart = true;
    private int last = -1;

    DotStuffingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (lineStart && b == '.') out.write('.');
        out.write(b);
        lineStart = b == '\n' && last == '\r';
        last = b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int runStart = off;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (lineStart && c == '.') {
                out.write(b, runStart, i - runStart);
                out.write('.');
                runStart = i;
            }
            lineStart = c == '\n' && last == '\r';
            last = c;
        }
        out.write(b, runStart, off + len - runStart);
    }

    void finish() throws IOException {
        if (last != -1 && !lineStart) out.write(new byte[] {'\r', '\n'});
        out.write(new byte[] {'.', '\r', '\n'});
        out.flush();
    }
}
