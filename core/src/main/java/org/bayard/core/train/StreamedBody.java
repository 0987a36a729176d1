package org.bayard.core.train;

import java.security.MessageDigest;

/**
 * {@link ContentDigest}'s digest of a body that arrives in pieces and is never held whole: the
 * same bytes go to the digest as its in-memory reading gives it (each CR before an LF dropped,
 * the trailing line breaks left out, then one LF; from an mbox, a {@code >+From } line without
 * its first {@code >}).
 *
 * <p>Line breaks are held back until a byte that is no line break shows they were not trailing.
 * A run of them longer than {@link #RUN} goes to the digest as it comes, with a copy of the
 * digest from before it to go back to should the body end there, so that hostile mail of a
 * billion blank lines costs no memory.
 */
final class StreamedBody {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};
    /** Line breaks held back before a run of them goes to the digest. */
    static final int RUN = 4096;

    private MessageDigest sha;
    private final boolean fromMbox;
    private final int runCapacity;
    private final byte[] out = new byte[8192];
    private int outLength;
    /** Whether a byte that is no line break went to the digest: only then does the body end with an LF. */
    private boolean any;
    private final byte[] run;
    private int runLength;
    /** A run that outgrew {@link #run}: the digest from before it, and whether its last byte, a CR, is held back. */
    private MessageDigest beforeRun;
    private boolean heldCr;
    private boolean lineStart = true;
    /** While a line start's {@code >} may open an escaped {@code From }: how many {@code >}, and how much of {@code From } followed. */
    private int escapes = -1;
    private int fromMatched;

    StreamedBody(MessageDigest sha, boolean fromMbox) {
        this(sha, fromMbox, RUN);
    }

    /** @param runCapacity line breaks held back before a run goes to the digest (small in tests) */
    StreamedBody(MessageDigest sha, boolean fromMbox, int runCapacity) {
        this.sha = sha;
        this.fromMbox = fromMbox;
        this.runCapacity = runCapacity;
        this.run = new byte[runCapacity];
    }

    void update(byte[] b, int from, int length) {
        for (int i = from; i < from + length; i++) update(b[i]);
    }

    private void update(byte b) {
        if (escapes >= 0) {
            if (b == '>' && fromMatched == 0) {
                escapes++;
                return;
            }
            if (b == FROM[fromMatched]) {
                if (++fromMatched == FROM.length) { // an escaped From line: one '>' fewer
                    emitEscapeCheck(escapes - 1);
                    lineStart = false;
                }
                return;
            }
            emitEscapeCheck(escapes); // not an escape: the bytes as they were, then this one as any other
        }
        if (b == CR || b == LF) {
            lineBreak(b);
            lineStart = b == LF;
            return;
        }
        endRun();
        if (fromMbox && lineStart && b == '>') {
            escapes = 1;
            fromMatched = 0;
            lineStart = false;
            return;
        }
        lineStart = false;
        emit(b);
    }

    /** The {@code >} of a line start and what followed of {@code From }, {@code gts} of the {@code >} kept. */
    private void emitEscapeCheck(int gts) {
        for (int i = 0; i < gts; i++) emit((byte) '>');
        for (int i = 0; i < fromMatched; i++) emit(FROM[i]);
        escapes = -1;
        fromMatched = 0;
    }

    private void lineBreak(byte b) {
        if (beforeRun == null) {
            if (runLength < runCapacity) {
                run[runLength++] = b;
                return;
            }
            // too long to hold: to the digest now, with a way back should the body end here
            flush();
            try {
                beforeRun = (MessageDigest) sha.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digests can be copied", e);
            }
            heldCr = false;
            for (int i = 0; i < runLength; i++) overflowed(run[i]);
            runLength = 0;
        }
        overflowed(b);
    }

    /** A line break of a run too long to hold: a CR waits for the next byte, as one before an LF is dropped. */
    private void overflowed(byte b) {
        if (b == LF) {
            heldCr = false;
            emitRaw(LF);
        } else {
            if (heldCr) emitRaw(CR);
            heldCr = true;
        }
    }

    /** A byte that is no line break follows: the line breaks held back were not trailing. */
    private void endRun() {
        if (beforeRun != null) {
            if (heldCr) emitRaw(CR);
            beforeRun = null;
            heldCr = false;
            return;
        }
        for (int i = 0; i < runLength; i++) {
            if (run[i] == CR && i + 1 < runLength && run[i + 1] == LF) continue;
            emitRaw(run[i]);
        }
        runLength = 0;
    }

    private void emit(byte b) {
        any = true;
        emitRaw(b);
    }

    private void emitRaw(byte b) {
        if (outLength == out.length) flush();
        out[outLength++] = b;
    }

    private void flush() {
        sha.update(out, 0, outLength);
        outLength = 0;
    }

    /** The digest, with the body's trailing line breaks left out. */
    byte[] finish() {
        if (escapes >= 0) emitEscapeCheck(escapes);
        if (beforeRun != null) {
            sha = beforeRun; // the trailing run went in: back to before it
            outLength = 0;
        } else {
            flush();
        }
        runLength = 0;
        if (any) sha.update(LF);
        return sha.digest();
    }
}
