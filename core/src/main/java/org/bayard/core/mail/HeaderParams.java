package org.bayard.core.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Finds one parameter ({@code charset}, {@code name}, {@code filename}) in a Content-Type or
 * Content-Disposition value. Forgiving: quoted or bare values, RFC 2231 {@code name*=} with a
 * charset, and a value continued in segments {@code name*0=}, {@code name*1=} (see
 * {@link ParamContinuation}). Never throws.
 */
final class HeaderParams {

    private final String value;
    /**
     * The value lower-cased once for all the parameters looked up in it: a part's Content-Type is
     * asked for its charset, its boundary when it is a multipart, and its name.
     */
    private final String lower;

    HeaderParams(String headerValue) {
        this.value = headerValue;
        this.lower = headerValue.toLowerCase(Locale.ROOT);
    }

    /** The whole header value. */
    String value() {
        return value;
    }

    /** The parameter's value, or empty when absent. */
    String get(String param) {
        int from = 0;
        while (true) {
            int at = lower.indexOf(param, from);
            if (at < 0) {
                return "";
            }
            from = at + param.length();
            if (at > 0 && !isSeparator(lower.charAt(at - 1))) {
                continue; // "filename" must not match the "name" parameter
            }
            int p = from;
            boolean extended = false;
            boolean continued = false;
            if (p < lower.length() && lower.charAt(p) == '*') {
                extended = true;
                p++;
                if (lower.startsWith("0*", p)) {
                    continued = true;
                    p += 2;
                } else if (lower.startsWith("0", p)) {
                    continued = true;
                    extended = false;
                    p++;
                }
            }
            p = skipSpaces(lower, p);
            if (p >= lower.length() || lower.charAt(p) != '=') {
                continue;
            }
            String joined = continued ? ParamContinuation.join(value, param) : null;
            if (joined != null) {
                return joined;
            }
            // a single segment 0 is read as before continuations were joined
            String raw = value(value, skipSpaces(lower, p + 1));
            return extended ? decode2231(raw) : raw;
        }
    }

    private static boolean isSeparator(char c) {
        return c == ';' || c == ' ' || c == '\t';
    }

    private static int skipSpaces(String s, int p) {
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }

    private static String value(String s, int p) {
        if (p < s.length() && s.charAt(p) == '"') {
            StringBuilder out = new StringBuilder();
            for (int i = p + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    out.append(s.charAt(++i));
                } else if (c == '"') {
                    break;
                } else {
                    out.append(c);
                }
            }
            return out.toString().strip();
        }
        int end = p;
        while (end < s.length() && s.charAt(end) != ';') {
            end++;
        }
        return s.substring(p, end).strip();
    }

    /** {@code charset'lang'percent-encoded} (RFC 2231 section 4). */
    private static String decode2231(String raw) {
        int q1 = raw.indexOf('\'');
        int q2 = q1 < 0 ? -1 : raw.indexOf('\'', q1 + 1);
        if (q2 < 0) {
            return raw;
        }
        Charset cs = Charsets.lookup(raw.substring(0, q1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        percentDecode(raw.substring(q2 + 1), bytes);
        return text(bytes.toByteArray(), cs);
    }

    /** Percent-decoded bytes as text: in their declared charset, or guessed as unlabelled text when it is missing or unknown. */
    static String text(byte[] b, Charset cs) {
        return cs != null ? new String(b, cs) : Charsets.decodeUnlabelled(b, 0, b.length);
    }

    /** Writes the bytes {@code enc} stands for: {@code %XX} escapes, and other chars as themselves. */
    static void percentDecode(String enc, ByteArrayOutputStream bytes) {
        for (int i = 0; i < enc.length(); i++) {
            char c = enc.charAt(i);
            int hex = c == '%' && i + 2 < enc.length() ? hexByte(enc.charAt(i + 1), enc.charAt(i + 2)) : -1;
            if (hex >= 0) {
                bytes.write(hex);
                i += 2;
            } else {
                bytes.write(c & 0xff);
            }
        }
    }

    private static int hexByte(char hi, char lo) {
        int h = Character.digit(hi, 16);
        int l = Character.digit(lo, 16);
        return h < 0 || l < 0 ? -1 : h << 4 | l;
    }
}
