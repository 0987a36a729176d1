package org.bayard.core.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins a parameter split into numbered segments (RFC 2231 section 3: {@code name*0="invoice";
 * name*1=".exe"}), as mail clients write long or non-ASCII file names and as mail clients show
 * them: read by their numbers, up to the first missing one, the first of a number given twice.
 * Encoded segments ({@code name*1*=%2Eexe}) are decoded with the charset segment 0 declares.
 *
 * <p>One pass over the field, whatever the number of segments: the reader bounds the field by
 * limits.max-header-bytes, so that bounds the work. The segments are not capped in number, as a
 * cap would let a sender put the ".exe" just past it.
 */
final class ParamContinuation {

    /** One {@code name*N} or {@code name*N*} parameter as written. */
    private record Segment(int number, String raw, boolean encoded) {}

    private ParamContinuation() {}

    /**
     * The parameter's segments joined, or null when the field has no segment 1 (nothing to join:
     * the caller reads segment 0 as it always has).
     */
    static String join(String field, String param) {
        List<Segment> found = segments(field, param);
        // numbers from 0 up with no gap: none can reach the count of segments found
        String[] raws = new String[found.size()];
        boolean[] encoded = new boolean[found.size()];
        for (Segment s : found) {
            if (s.number() < raws.length && raws[s.number()] == null) {
                raws[s.number()] = s.raw();
                encoded[s.number()] = s.encoded();
            }
        }
        if (raws.length < 2 || raws[0] == null || raws[1] == null) {
            return null;
        }
        Charset charset = null;
        String first = raws[0];
        if (encoded[0]) {
            int q1 = first.indexOf('\'');
            int q2 = q1 < 0 ? -1 : first.indexOf('\'', q1 + 1);
            if (q2 >= 0) {
                charset = Charsets.lookup(first.substring(0, q1));
                raws[0] = first.substring(q2 + 1);
            }
        }
        StringBuilder out = new StringBuilder();
        // bytes of consecutive encoded segments are decoded together: a character may be split between two
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (int n = 0; n < raws.length && raws[n] != null; n++) {
            if (encoded[n]) {
                HeaderParams.percentDecode(raws[n], pending);
            } else {
                flush(pending, charset, out);
                out.append(raws[n]);
            }
        }
        flush(pending, charset, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream pending, Charset charset, StringBuilder out) {
        if (pending.size() > 0) {
            out.append(HeaderParams.text(pending.toByteArray(), charset));
            pending.reset();
        }
    }

    /** The field's {@code param*N} and {@code param*N*} parameters in the order written. */
    private static List<Segment> segments(String field, String param) {
        List<Segment> found = new ArrayList<>();
        int n = field.length();
        int i = 0;
        while (i < n) {
            int nameFrom = i;
            while (i < n && field.charAt(i) != '=' && field.charAt(i) != ';') {
                i++;
            }
            if (i >= n || field.charAt(i) == ';') {
                i++; // no value: the type before the first ';', or a stray word
                continue;
            }
            int nameTo = i;
            i = skipSpaces(field, i + 1);
            int number = segmentNumber(field, nameFrom, nameTo, param);
            boolean quoted = i < n && field.charAt(i) == '"';
            int valueTo = quoted ? closingQuote(field, i + 1) : indexOrEnd(field, ';', i);
            if (number >= 0) {
                String raw = quoted ? unquote(field, i + 1, valueTo) : field.substring(i, valueTo).strip();
                found.add(new Segment(number, raw, field.charAt(nameTo - 1 - trailingSpaces(field, nameFrom, nameTo)) == '*'));
            }
            i = indexOrEnd(field, ';', Math.min(n, valueTo + (quoted ? 1 : 0))) + 1;
        }
        return found;
    }

    /**
     * N when {@code field[from, to)} is {@code param*N} or {@code param*N*} (any case, spaces
     * around), N written as RFC 2231 does (no leading zero) and small enough to be an int; else -1.
     */
    private static int segmentNumber(String field, int from, int to, String param) {
        from = skipSpaces(field, from);
        to -= trailingSpaces(field, from, to);
        int p = from + param.length();
        if (p + 1 >= to || !field.regionMatches(true, from, param, 0, param.length()) || field.charAt(p) != '*') {
            return -1;
        }
        int digitsFrom = p + 1;
        int digitsTo = field.charAt(to - 1) == '*' ? to - 1 : to;
        int digits = digitsTo - digitsFrom;
        if (digits < 1 || digits > 9 || digits > 1 && field.charAt(digitsFrom) == '0') {
            return -1;
        }
        int number = 0;
        for (int d = digitsFrom; d < digitsTo; d++) {
            char c = field.charAt(d);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static int skipSpaces(String s, int p) {
        while (p < s.length() && isSpace(s.charAt(p))) {
            p++;
        }
        return p;
    }

    private static int trailingSpaces(String s, int from, int to) {
        int t = to;
        while (t > from && isSpace(s.charAt(t - 1))) {
            t--;
        }
        return to - t;
    }

    private static int indexOrEnd(String s, char c, int from) {
        int at = s.indexOf(c, from);
        return at < 0 ? s.length() : at;
    }

    /** The index of the quote closing a quoted string whose content starts at {@code from}, or the end. */
    private static int closingQuote(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return s.length();
    }

    /** The quoted string's content without its escapes; not stripped, as a space may end a segment. */
    private static String unquote(String s, int from, int to) {
        StringBuilder out = new StringBuilder(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to) {
                c = s.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
