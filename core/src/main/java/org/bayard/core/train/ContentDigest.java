package org.bayard.core.train;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import org.bayard.core.mail.ByteSearch;
import org.bayard.core.store.Digest;

/**
 * The ledger's identity of a message: SHA-256 (first 128 bits) over the message as its author
 * sent it. Headers added in transit or by filters (ours included) are left out, so the same
 * message learned from a trap forward, a mailbox and the quarantine is recognised as one:
 * the mbox {@code From } line, {@code Received}, {@code Return-Path}, {@code Delivered-To},
 * mailbox status headers and every {@code X-Spam-*} and {@code X-Bayard-*} header. Line endings
 * are normalised (CRLF and LF digest the same) and trailing blank lines are ignored, because
 * mailboxes add and strip them.
 */
public final class ContentDigest {
    /** Lower-case ASCII, as the names they match are compared ignoring ASCII case. */
    private static final byte[][] TRANSPORT_HEADERS = ascii(
            "received", "return-path", "delivered-to", "x-original-to", "envelope-to", "x-envelope-from",
            "x-envelope-to", "status", "x-status", "x-keywords", "x-uid", "content-length", "lines",
            "x-mozilla-status", "x-mozilla-status2", "authentication-results", "received-spf", "x-quarantine-id", "x-imapbase", "x-imap", "x-mozilla-keys", "x-evolution");
    /**
     * {@link #TRANSPORT_HEADERS} by length: a name is compared with at most three of them (most
     * with none) instead of the length of each of the 22 being tested per field.
     */
    private static final byte[][][] TRANSPORT_HEADERS_BY_LENGTH = byLength(TRANSPORT_HEADERS);
    private static final byte[][] FILTER_HEADER_PREFIXES = ascii("x-spam-", "x-bayard-");
    private static final byte[] MESSAGE_ID = "message-id".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_MESSAGE_ID = 256;
    /**
     * One digest per thread, reused: {@code MessageDigest.getInstance} looks the algorithm up
     * among the providers every time. {@code digest()} resets it for the next message.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ContentDigest::sha256);

    private ContentDigest() {}

    /*
     * Measured (thread CPU time of identify over the spamassassin corpus, 5.4 KB a message, old
     * and new class in one JVM, alternating, rounds 5-10): 10.4-13.7 us per message before, when
     * each header name was decoded into a lower-cased String, each kept line went to the digest
     * in two calls and the digest was looked up per message; 7.7-8.6 after (one round 9.9).
     * SHA-256 alone takes ~4 us. Every corpus message keeps its identity. Later, line ends and
     * CRs found eight bytes at a time (ByteSearch): 10.1-14.8 us before, 6.7-8.5 after, on a
     * busier machine; every corpus message, and each with CRLF line ends, kept its identity.
     * Later still, transport names looked up by length and header runs without a CRLF digested
     * without a search for CRs: 0.90 of the time (10 pairs, A/A 1.01; the length table alone
     * 0.95), about 7.6 to 6.8 us; with CRLF line ends unchanged (0.97).
     */
    public static MessageIdentity identify(byte[] message) {
        MessageDigest sha = SHA256.get();
        sha.reset(); // in case a previous call failed half way
        Header header = digestHeader(sha, message);
        digestBody(sha, message, header.bodyStart(), header.fromMbox());
        return new MessageIdentity(Digest.fromBytes(sha.digest()), header.messageId());
    }

    /**
     * The identity of a message too large to hold, the same as {@link #identify(byte[])} of it
     * whole: {@code header} is its start up to and including the blank line that ends its header
     * block, {@code body} the rest, digested as it streams past (read to its end, not closed).
     *
     * @throws IllegalArgumentException if {@code header} does not end with the header block's blank line
     */
    public static MessageIdentity identify(byte[] header, InputStream body) throws IOException {
        MessageDigest sha = SHA256.get();
        sha.reset();
        Header h = digestHeader(sha, header);
        if (!h.blankLine() || h.bodyStart() != header.length || header[header.length - 1] != '\n') {
            throw new IllegalArgumentException("not a header block ending in its blank line");
        }
        StreamedBody streamed = new StreamedBody(sha, h.fromMbox());
        byte[] chunk = new byte[64 << 10];
        for (int n = body.read(chunk); n >= 0; n = body.read(chunk)) streamed.update(chunk, 0, n);
        return new MessageIdentity(Digest.fromBytes(streamed.finish()), h.messageId());
    }

    /**
     * The identity of a message read as a stream, of which {@code start} holds the first bytes and
     * {@code rest} the others (read to its end, not closed): the same as {@link #identify(byte[])}
     * of it whole. Empty when its header block does not end within {@code start}, so the digest
     * cannot tell its header from its body.
     */
    public static Optional<MessageIdentity> identifyStreamed(byte[] start, InputStream rest) throws IOException {
        int bodyStart = bodyStart(start);
        if (bodyStart < 0) return Optional.empty();
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(start, bodyStart, start.length - bodyStart), rest);
        return Optional.of(identify(Arrays.copyOf(start, bodyStart), body));
    }

    /** Where the body starts (after the blank line, or the end), the Message-ID, and whether an mbox envelope line came first. */
    private record Header(int bodyStart, String messageId, boolean fromMbox, boolean blankLine) {}

    /** Digests the header block (what is kept of it) and the LF that stands for the blank line after it. */
    private static Header digestHeader(MessageDigest sha, byte[] message) {
        int pos = skipEnvelopeLine(message);
        boolean fromMbox = pos > 0;
        String messageId = "";
        boolean keep = true;
        // Kept lines are contiguous runs of the message, digested a run at a time (keptFrom is
        // where the current run starts): each one becomes its content plus LF, which is the run
        // with the CR before each LF dropped. Per-line calls cost more than hashing short lines.
        int keptFrom = pos;
        int headerEnd = message.length;
        // Whether a header line read so far ended in CRLF. Each LF of the header ends a line,
        // so while none did, a kept run has no CR to drop and goes to the digest without a search.
        boolean crLf = false;
        // Headers: one field is a line plus its continuation lines (starting with space or tab).
        while (pos < message.length) {
            int end = lineEnd(message, pos);
            int contentEnd = stripEol(message, pos, end);
            crLf |= end - contentEnd == 2; // stripEol took off an LF and the CR before it
            if (contentEnd == pos) { // the blank line ending the header block
                headerEnd = pos;
                pos = end;
                break;
            }
            boolean continuation = message[pos] == ' ' || message[pos] == '\t';
            if (!continuation) {
                int nameStart = pos, nameEnd = pos;
                while (nameEnd < contentEnd && message[nameEnd] != ':') nameEnd++;
                // Trimmed as String.trim() would: every char up to the space.
                while (nameStart < nameEnd && (message[nameStart] & 0xff) <= ' ') nameStart++;
                while (nameEnd > nameStart && (message[nameEnd - 1] & 0xff) <= ' ') nameEnd--;
                boolean wasKept = keep;
                keep = !isTransient(message, nameStart, nameEnd);
                if (wasKept && !keep) digestLines(sha, message, keptFrom, pos, crLf);
                if (!wasKept && keep) keptFrom = pos;
                if (messageId.isEmpty() && equalsIgnoringAsciiCase(message, nameStart, nameEnd, MESSAGE_ID)) {
                    messageId = fieldValue(message, pos, contentEnd, end);
                }
            }
            pos = end;
        }
        if (keep) digestLines(sha, message, keptFrom, headerEnd, crLf);
        sha.update((byte) '\n');
        return new Header(pos, messageId, fromMbox, headerEnd < message.length);
    }

    /**
     * Header lines {@code [from, to)}, each as its content (without LF, nor the one CR before
     * it) plus one LF. Only the message's last line may lack its LF.
     *
     * @param crLf false when no line of them ends in CRLF: they then go to the digest as they are
     */
    private static void digestLines(MessageDigest sha, byte[] m, int from, int to, boolean crLf) {
        if (from >= to) return;
        int contentEnd = m[to - 1] == '\r' ? to - 1 : to; // a last line without LF drops its CR; a run ending in LF keeps the LF
        if (crLf) digestDroppingCrBeforeLf(sha, m, from, contentEnd);
        else sha.update(m, from, contentEnd - from);
        if (m[to - 1] != '\n') sha.update((byte) '\n');
    }

    /**
     * The body with CRLF read as LF and trailing line breaks dropped, then one LF. Normalising
     * drops only the CR of each CRLF, so the bytes between go to the digest in one call: per-line
     * calls cost more than the hashing on short lines.
     *
     * @param fromMbox the message began with an mbox envelope line, so it was saved from a
     *     mailbox with its escapes: a body line {@code >+From } digests without its first
     *     {@code >}, as the mbox reader gives it from a mailbox of two or more messages and
     *     {@code mbox split} writes it. Without this, the same message learned from a mailbox
     *     that held only it (read whole, escapes and all) and from a larger one, or from its
     *     split file, had two identities and was counted twice.
     */
    private static void digestBody(MessageDigest sha, byte[] m, int pos, boolean fromMbox) {
        int last = m.length;
        while (last > pos && (m[last - 1] == '\n' || m[last - 1] == '\r')) last--;
        if (pos >= last) return;
        if (fromMbox) {
            int start = pos;
            for (int line = pos; line < last; line = lineEnd(m, line)) {
                if (isEscapedFrom(m, line, last)) {
                    digestDroppingCrBeforeLf(sha, m, start, line);
                    start = line + 1; // the escaping '>'
                }
            }
            digestDroppingCrBeforeLf(sha, m, start, last);
        } else {
            digestDroppingCrBeforeLf(sha, m, pos, last);
        }
        sha.update((byte) '\n');
    }

    /** Whether the line at {@code from} is {@code >+From } (mboxrd's escape of a {@code From } line). */
    private static boolean isEscapedFrom(byte[] m, int from, int to) {
        int i = from;
        while (i < to && m[i] == '>') i++;
        return i > from && to - i >= 5 && m[i] == 'F' && m[i + 1] == 'r' && m[i + 2] == 'o' && m[i + 3] == 'm' && m[i + 4] == ' ';
    }

    /**
     * {@code m[from, to)} without the CR of each CRLF. Only that CR goes, so the bytes between go
     * to the digest in one call each.
     */
    private static void digestDroppingCrBeforeLf(MessageDigest sha, byte[] m, int from, int to) {
        int start = from;
        // Looking for the CR, which most messages lack, rather than the LF: most messages then
        // go to the digest in one call.
        for (int cr = ByteSearch.indexOf(m, from, to - 1, (byte) '\r'); cr >= 0;
                cr = ByteSearch.indexOf(m, cr + 1, to - 1, (byte) '\r')) {
            if (m[cr + 1] == '\n') {
                sha.update(m, start, cr - start);
                start = cr + 1;
            }
        }
        sha.update(m, start, to - start);
    }

    /** Whether the field named {@code m[from, to)} is one the digest leaves out. */
    private static boolean isTransient(byte[] m, int from, int to) {
        if (to - from < TRANSPORT_HEADERS_BY_LENGTH.length) {
            for (byte[] name : TRANSPORT_HEADERS_BY_LENGTH[to - from]) if (equalsIgnoringAsciiCase(m, from, to, name)) return true;
        }
        for (byte[] p : FILTER_HEADER_PREFIXES) {
            if (to - from >= p.length && equalsIgnoringAsciiCase(m, from, from + p.length, p)) return true;
        }
        return false;
    }

    /**
     * Whether {@code m[from, to)} is {@code lower} but for the case of ASCII letters. The same as
     * decoding it as ISO-8859-1 and comparing it lower-cased: no other ISO-8859-1 character has
     * an ASCII lower case.
     */
    private static boolean equalsIgnoringAsciiCase(byte[] m, int from, int to, byte[] lower) {
        if (to - from != lower.length) return false;
        for (int i = 0; i < lower.length; i++) {
            int c = m[from + i];
            if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
            if (c != lower[i]) return false;
        }
        return true;
    }

    private static byte[][] ascii(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        return bytes;
    }

    /** The names grouped by length: element n holds those n bytes long. */
    private static byte[][][] byLength(byte[][] names) {
        int longest = 0;
        for (byte[] name : names) longest = Math.max(longest, name.length);
        byte[][][] byLength = new byte[longest + 1][][];
        for (int n = 0; n <= longest; n++) {
            final int length = n;
            byLength[n] = Arrays.stream(names).filter(name -> name.length == length).toArray(byte[][]::new);
        }
        return byLength;
    }

    private static int skipEnvelopeLine(byte[] m) {
        if (m.length >= 5 && m[0] == 'F' && m[1] == 'r' && m[2] == 'o' && m[3] == 'm' && m[4] == ' ') {
            return lineEnd(m, 0);
        }
        return 0;
    }

    /**
     * Where the body starts as {@link #identify} reads the message: just past the blank line that
     * ends the header block (after any mbox envelope line); -1 when {@code m} holds no such line.
     */
    static int bodyStart(byte[] m) {
        int pos = skipEnvelopeLine(m);
        while (pos < m.length) {
            int end = lineEnd(m, pos);
            if (stripEol(m, pos, end) == pos) return end == m.length && m[end - 1] != '\n' ? -1 : end;
            pos = end;
        }
        return -1;
    }

    /** Index just past the next LF at or after {@code from}, or the end of the array. */
    static int lineEnd(byte[] m, int from) {
        int lf = ByteSearch.indexOf(m, from, m.length, (byte) '\n');
        return lf < 0 ? m.length : lf + 1;
    }

    private static int stripEol(byte[] m, int start, int end) {
        int e = end;
        if (e > start && m[e - 1] == '\n') e--;
        if (e > start && m[e - 1] == '\r') e--;
        return e;
    }

    /**
     * The Message-ID: the printable ASCII bytes of the field's value and of its continuation
     * lines, at most {@value #MAX_MESSAGE_ID} of them. Message-IDs are shown to people and stored,
     * so they are kept printable and bounded; taking only those bytes is also all that trimming
     * each line and joining them did, as what trimming takes off is never printable. Picked from
     * the bytes into one array instead of a String per line, a builder and a filtered copy:
     * {@code identify} over the corpus about 0.97 of its time before (old and new alternating,
     * four JVMs, both load orders; A/A 0.99).
     */
    private static String fieldValue(byte[] m, int start, int contentEnd, int lineEnd) {
        int colon = start;
        while (colon < contentEnd && m[colon] != ':') colon++;
        // No colon: an empty value (colon + 1 may be past the array when the line ends it).
        byte[] id = new byte[MAX_MESSAGE_ID];
        int length = printableBytes(m, Math.min(colon + 1, contentEnd), contentEnd, id, 0);
        // A Message-ID folded onto the next line: take the continuation too.
        int pos = lineEnd;
        while (pos < m.length && (m[pos] == ' ' || m[pos] == '\t')) {
            int end = lineEnd(m, pos);
            length = printableBytes(m, pos, stripEol(m, pos, end), id, length);
            pos = end;
        }
        return new String(id, 0, length, StandardCharsets.US_ASCII);
    }

    /** Appends the printable ASCII bytes of {@code m[from, to)} to {@code out[length..]} while there is room; the new length. */
    private static int printableBytes(byte[] m, int from, int to, byte[] out, int length) {
        for (int i = from; i < to && length < out.length; i++) {
            byte b = m[i];
            if (b > ' ' && b < 127) out[length++] = b;
        }
        return length;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
