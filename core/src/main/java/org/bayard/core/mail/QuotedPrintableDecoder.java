package org.bayard.core.mail;

/**
 * Decodes a quoted-printable body (RFC 2045 6.7) the way the lenient decoders mail readers use
 * have always done it, because features come from the result and must not move: line breaks
 * (LF or CRLF) become CRLF, whitespace at the end of a line is dropped, {@code =} before a line
 * break or whitespace is a soft break, and a malformed escape is kept as it is.
 *
 * <p>Faults are reported to {@link Anomalies#decodingFault()}, except a line ending in a bare LF
 * and a soft break not followed by CRLF: both come from how the message was stored (a Unix file
 * or mbox), not from its sender, and the same mail over SMTP has CRLF.
 */
final class QuotedPrintableDecoder {

    private static final int CR = '\r';
    private static final int LF = '\n';
    private static final int EQ = '=';

    /** Bytes that stand for themselves: not {@code =}, not a line break, not whitespace. */
    private static final boolean[] LITERAL = new boolean[256];
    /**
     * Whitespace that is not a line break: held back on its own, but written as it is when a
     * literal byte follows it, so a run of literals may go on through it.
     */
    private static final boolean[] INNER_SPACE = new boolean[256];

    static {
        for (int b = 0; b < 256; b++) {
            LITERAL[b] = b != EQ && !Character.isWhitespace((char) b);
            INNER_SPACE[b] = b != CR && b != LF && Character.isWhitespace((char) b);
        }
    }

    private final byte[] in;
    private final int end;
    private final DecodedBytes out;
    private final Anomalies anomalies;
    /** Whitespace (and soft-break {@code =}) held back until we know whether a line break follows it. */
    private final DecodedBytes held;
    /**
     * The end of the last run of blanks found with no literal after it: each of them is held one
     * at a time, and without this mark each would look for the end of the run again, quadratic in
     * its length (200,000 blanks before a line break took 30 s; 2 MB of them, over an hour).
     */
    private int blanksHeldUntil;

    private QuotedPrintableDecoder(byte[] in, int end, DecodedBytes out, Anomalies anomalies) {
        this.in = in;
        this.end = end;
        this.out = out;
        this.anomalies = anomalies;
        this.held = new DecodedBytes(16, Integer.MAX_VALUE);
    }

    /** Decodes {@code in[from, to)} into {@code out}, stopping early once {@code out} is full. */
    static void decode(byte[] in, int from, int to, DecodedBytes out, Anomalies anomalies) {
        new QuotedPrintableDecoder(in, to, out, anomalies).run(from);
    }

    private void run(int from) {
        boolean afterCr = false;
        int i = from;
        while (i < end && !out.full()) {
            // A run never starts at '=', so the search for one is not begun there: HTML sent as
            // quoted-printable has an escape or soft break every 25 bytes or so (=3D before each
            // attribute value), and each paid a search that stopped where it started. Decoding the
            // corpus's quoted-printable bodies: 0.918, and 0.936 the other way round (A/A 0.982).
            int run = afterCr || in[i] == EQ ? i : runEnd(i);
            if (run > i) {
                // most of a body is runs of plain bytes: copied in bulk, with what was held before them
                emitKeepingHeld(-1);
                out.addAll(in, i, run);
                i = run;
                continue;
            }
            int b = in[i++] & 0xff;
            if (afterCr && b != LF) {
                anomalies.decodingFault(); // a bare CR is kept
                emitDroppingHeld(CR);
            }
            afterCr = b == CR;
            if (afterCr) {
                continue;
            }
            if (b == LF) {
                if (held.isEmpty() || held.first() != EQ) {
                    emitDroppingHeld(CR);
                    emitDroppingHeld(LF);
                }
                held.clear();
            } else if (b == EQ) {
                int b2 = at(i);
                if (b2 == EQ) {
                    i++;
                    emitKeepingHeld(EQ);
                    anomalies.decodingFault();
                    int next = at(i);
                    if (next == LF || next == CR && at(i + 1) == LF) {
                        held.add(EQ); // "==" at the end of a line ends in a soft break
                    }
                } else if (b2 >= 0 && Character.isWhitespace((char) b2)) {
                    i++;
                    // a soft line break; "=\r" followed by LF counts as CRLF
                    afterCr = b2 == CR && at(i) == LF;
                    emitKeepingHeld(-1);
                    if (b2 != LF) {
                        held.add(EQ);
                        held.add(b2);
                    }
                } else {
                    i = escape(b2, i);
                }
            } else if (Character.isWhitespace((char) b)) {
                held.add(b);
            } else {
                emitKeepingHeld(b);
            }
        }
    }

    /**
     * Where the run of bytes written as they are, from {@code i}, ends ({@code i} when there is
     * none): literals, and spaces or tabs that a literal follows. Such blanks would be held and
     * then written with the next literal anyway; taking them into the run instead keeps prose and
     * indented HTML one run per line rather than one per word: decoding the corpus's 877
     * quoted-printable messages took 0.67x the time (old and new class alternating in one JVM).
     * A run of blanks that no literal follows is left to be held, so it is read at most twice.
     */
    private int runEnd(int i) {
        if (i < blanksHeldUntil) {
            return i;
        }
        while (i < end) {
            // every byte that is no literal is '=', a space or below it. The search goes eight bytes
            // a step and passes over spaces, which in prose end a word, not the run: only where it
            // stops are the spaces before it looked at, and dropped from the run when no literal
            // follows them. Stopping at each space as well cost a search per word: decoding the
            // corpus's quoted-printable bodies took 0.68 of that time (15 pairs alternating in one
            // JVM, A/A 0.98). Controls it stops at that are literals go on one byte further.
            int stop = ByteSearch.firstControlOr(in, i, end, (byte) EQ);
            if (stop < end && LITERAL[in[stop] & 0xff]) {
                i = stop + 1;
                continue;
            }
            int blanks = stop;
            while (blanks < end && INNER_SPACE[in[blanks] & 0xff]) {
                blanks++;
            }
            if (blanks > stop && blanks < end && LITERAL[in[blanks] & 0xff]) {
                i = blanks + 1;
                continue;
            }
            // the bytes in [i, stop) are literals or spaces, and in[i - 1], if in the run, a literal
            while (stop > i && in[stop - 1] == ' ') {
                stop--;
            }
            blanksHeldUntil = blanks;
            return stop;
        }
        return i;
    }

    /** {@code =XY} at {@code i - 1}, where {@code b2} is X or -1 at the end; returns the index after it. */
    private int escape(int b2, int i) {
        int b3 = b2 < 0 ? -1 : at(i + 1);
        int next = i + (b2 < 0 ? 0 : b3 < 0 ? 1 : 2);
        int hi = hex(b2);
        int lo = hex(b3);
        if (hi < 0 || lo < 0) {
            anomalies.decodingFault();
            emitKeepingHeld(EQ);
            emitDroppingHeld(b2);
            emitDroppingHeld(b3);
        } else {
            emitKeepingHeld(hi << 4 | lo);
        }
        return next;
    }

    private int at(int i) {
        return i < end ? in[i] & 0xff : -1;
    }

    /** Writes the held whitespace, then {@code b} unless it is -1. */
    private void emitKeepingHeld(int b) {
        if (!held.isEmpty()) {
            out.addAll(held);
            held.clear();
        }
        if (b >= 0) {
            out.add(b);
        }
    }

    /** Writes {@code b} unless it is -1; held whitespace is a fault here, and stays held. */
    private void emitDroppingHeld(int b) {
        if (!held.isEmpty()) {
            anomalies.decodingFault();
        }
        if (b >= 0) {
            out.add(b);
        }
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
