package org.bayard.core.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Set;
import org.bayard.core.store.Digest;

/**
 * ContentDigest as it was before it matched header names on the bytes and digested runs of
 * lines at once: the digest is the ledger's key, so the two must agree on every input. One fix
 * is applied to both: a Message-ID line without a colon that ended the message threw.
 */
final class ContentDigestReference {
    private static final Set<String> TRANSPORT_HEADERS = Set.of(
            "received", "return-path", "delivered-to", "x-original-to", "envelope-to", "x-envelope-from",
            "x-envelope-to", "status", "x-status", "x-keywords", "x-uid", "content-length", "lines",
            "x-mozilla-status", "x-mozilla-status2", "authentication-results", "received-spf", "x-quarantine-id", "x-imapbase", "x-imap", "x-mozilla-keys", "x-evolution");
    private static final String[] FILTER_HEADER_PREFIXES = {"x-spam-", "x-bayard-"};

    private ContentDigestReference() {}

    static MessageIdentity identify(byte[] message) {
        MessageDigest sha = sha256();
        int pos = skipEnvelopeLine(message);
        boolean fromMbox = pos > 0;
        String messageId = "";
        boolean keep = true;
        // Headers: one field is a line plus its continuation lines (starting with space or tab).
        while (pos < message.length) {
            int end = lineEnd(message, pos);
            int contentEnd = stripEol(message, pos, end);
            if (contentEnd == pos) { // the blank line ending the header block
                pos = end;
                break;
            }
            boolean continuation = message[pos] == ' ' || message[pos] == '\t';
            if (!continuation) {
                String name = fieldName(message, pos, contentEnd);
                keep = !isTransient(name);
                if (name.equals("message-id") && messageId.isEmpty()) {
                    messageId = fieldValue(message, pos, contentEnd, end);
                }
            }
            if (keep) {
                sha.update(message, pos, contentEnd - pos);
                sha.update((byte) '\n');
            }
            pos = end;
        }
        sha.update((byte) '\n');
        digestBody(sha, message, pos, fromMbox);
        return new MessageIdentity(Digest.fromBytes(sha.digest()), messageId);
    }

    /**
     * The body with CRLF read as LF and trailing line breaks dropped, then one LF. Normalising
     * drops only the CR of each CRLF, so the bytes between go to the digest in one call: per-line
     * calls cost more than the hashing on short lines.
     */
    private static void digestBody(MessageDigest sha, byte[] m, int pos, boolean fromMbox) {
        int last = m.length;
        while (last > pos && (m[last - 1] == '\n' || m[last - 1] == '\r')) last--;
        if (pos >= last) return;
        if (fromMbox) { // a body line >+From loses its first '>' (mboxrd), here on a copy
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int line = pos; line < last; line = lineEnd(m, line)) {
                int end = Math.min(lineEnd(m, line), last);
                String text = new String(m, line, end - line, java.nio.charset.StandardCharsets.ISO_8859_1);
                int skip = text.matches("(?s)>+From .*") ? 1 : 0;
                out.write(m, line + skip, end - line - skip);
            }
            m = out.toByteArray();
            pos = 0;
            last = m.length;
        }
        int start = pos;
        for (int i = pos; i < last; i++) {
            if (m[i] == '\n' && i > start && m[i - 1] == '\r') {
                sha.update(m, start, i - 1 - start);
                start = i;
            }
        }
        sha.update(m, start, last - start);
        sha.update((byte) '\n');
    }

    private static boolean isTransient(String name) {
        if (TRANSPORT_HEADERS.contains(name)) return true;
        for (String p : FILTER_HEADER_PREFIXES) if (name.startsWith(p)) return true;
        return false;
    }

    private static int skipEnvelopeLine(byte[] m) {
        if (m.length >= 5 && m[0] == 'F' && m[1] == 'r' && m[2] == 'o' && m[3] == 'm' && m[4] == ' ') {
            return lineEnd(m, 0);
        }
        return 0;
    }

    /** Index just past the next LF at or after {@code from}, or the end of the array. */
    private static int lineEnd(byte[] m, int from) {
        for (int i = from; i < m.length; i++) if (m[i] == '\n') return i + 1;
        return m.length;
    }

    private static int stripEol(byte[] m, int start, int end) {
        int e = end;
        if (e > start && m[e - 1] == '\n') e--;
        if (e > start && m[e - 1] == '\r') e--;
        return e;
    }

    private static String fieldName(byte[] m, int start, int end) {
        int colon = start;
        while (colon < end && m[colon] != ':') colon++;
        return new String(m, start, colon - start, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
    }

    private static String fieldValue(byte[] m, int start, int contentEnd, int lineEnd) {
        int colon = start;
        while (colon < contentEnd && m[colon] != ':') colon++;
        // No colon: an empty value (colon + 1 may be past the array when the line ends it).
        int valueStart = Math.min(colon + 1, contentEnd);
        StringBuilder value = new StringBuilder(new String(m, valueStart, contentEnd - valueStart,
                StandardCharsets.ISO_8859_1).trim());
        // A Message-ID folded onto the next line: take the continuation too.
        int pos = lineEnd;
        while (pos < m.length && (m[pos] == ' ' || m[pos] == '\t')) {
            int end = lineEnd(m, pos);
            value.append(new String(m, pos, stripEol(m, pos, end) - pos, StandardCharsets.ISO_8859_1).trim());
            pos = end;
        }
        return printable(value.toString());
    }

    /** Message-IDs are shown to people and stored; keep them printable ASCII and bounded. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 256));
        for (int i = 0; i < s.length() && b.length() < 256; i++) {
            char c = s.charAt(i);
            if (c > ' ' && c < 127) b.append(c);
        }
        return b.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
