package org.bayard.core.mail;

/**
 * Splits the header block at the start of an entity into raw fields. A line ends at LF; a line
 * that starts with a space or a tab continues the field before it (except the very first line,
 * which starts a field whatever it begins with); an empty line (LF or CRLF alone) ends the
 * header, and the body starts after it. A header that runs to the end of the entity without an
 * empty line is recorded as {@code bad-header}.
 *
 * <p>A field's bytes stay where they are in the message: we hand out index ranges, never copies.
 */
final class FieldSplitter {

    /** A field with more line breaks than this is hostile: its reader looks for them itself. */
    private static final int MAX_NOTED_BREAKS = 1024;

    private final byte[] bytes;
    private final int end;
    private final Anomalies anomalies;

    /** Where the next unread line starts. */
    private int pos;
    /** A line already read that starts the next field, or -1. */
    private int pendingFrom = -1;
    private int pendingTo;
    /** Where the pending line's breaks start in {@link #breaks}. */
    private int pendingBreaks;
    private final FieldBreaks breaks = new FieldBreaks(MAX_NOTED_BREAKS);
    private int nonEmptyLines;
    private boolean done;

    private int fieldFrom;
    private int fieldTo;

    FieldSplitter(byte[] bytes, int from, int to, Anomalies anomalies) {
        this.bytes = bytes;
        this.pos = from;
        this.end = to;
        this.anomalies = anomalies;
    }

    /**
     * Moves to the next field; false once the header has ended. A field may be empty (a header
     * that starts with its empty line): that is for the caller to reject.
     */
    boolean next() {
        if (done) {
            return false;
        }
        if (pendingFrom >= 0) {
            fieldFrom = pendingFrom;
            fieldTo = pendingTo;
            pendingFrom = -1;
            breaks.keepLastLine(pendingBreaks);
        } else {
            fieldFrom = pos;
            fieldTo = pos;
            breaks.clear();
        }
        while (true) {
            if (pos >= end) {
                anomalies.record("bad-header"); // the header ran into the end of the entity
                done = true;
                break;
            }
            int lineFrom = pos;
            int lineBreaks = breaks.count();
            int lf = breaks.scanLine(bytes, pos, end);
            pos = lf < 0 ? end : lf + 1;
            if (isBlank(lineFrom, pos)) {
                done = true;
                break;
            }
            if (++nonEmptyLines > 1 && bytes[lineFrom] != ' ' && bytes[lineFrom] != '\t') {
                pendingFrom = lineFrom;
                pendingTo = pos;
                pendingBreaks = lineBreaks;
                break;
            }
            breaks.addLine();
            fieldTo = pos;
        }
        // the line break after the field is not part of it
        if (fieldTo > fieldFrom && bytes[fieldTo - 1] == '\n') {
            fieldTo--;
        }
        if (fieldTo > fieldFrom && bytes[fieldTo - 1] == '\r') {
            fieldTo--;
        }
        return true;
    }

    int fieldFrom() {
        return fieldFrom;
    }

    int fieldTo() {
        return fieldTo;
    }

    /**
     * The CR and LF bytes of the field, as {@link FieldBreaks#scan} of its range would find them,
     * and perhaps its final line break after {@link #fieldTo()}; valid until the next {@link #next()}.
     */
    FieldBreaks breaks() {
        return breaks;
    }

    /** Where the body starts: after the empty line, or at the end when there was none. Once {@link #next()} is false. */
    int bodyFrom() {
        return pos;
    }

    /**
     * Where the body of the entity in {@code bytes[from, to)} starts, as {@link #bodyFrom()} says
     * once its fields are split, found without splitting them: after the first empty line, or at
     * {@code to} when there is none. For a part that needs no more than that, at no cost in objects.
     */
    static int bodyFrom(byte[] bytes, int from, int to) {
        int line = from;
        while (line < to) {
            int lf = ByteSearch.indexOf(bytes, line, to, (byte) '\n');
            int next = lf < 0 ? to : lf + 1;
            if (isEmptyLine(bytes, line, next)) {
                return next;
            }
            line = next;
        }
        return to;
    }

    private boolean isBlank(int from, int to) {
        return isEmptyLine(bytes, from, to);
    }

    /** A line that is only its line break: LF, CRLF, or a CR at the very end. */
    private static boolean isEmptyLine(byte[] bytes, int from, int to) {
        int len = to - from;
        if (len > 0 && bytes[to - 1] == '\n') {
            len--;
        }
        if (len > 0 && bytes[from + len - 1] == '\r') {
            len--;
        }
        return len == 0;
    }
}
