package org.bayard.core.token;

import org.bayard.core.mail.Whitespace;

/**
 * The shape of the Message-ID, not its value (which is unique by design): the domain, how
 * much of the left part is digits, its length, and a compressed pattern of character classes
 * ({@code 9} digits, {@code a} lower case, {@code A} upper case, punctuation as itself).
 * Bulk mailers stamp IDs in one pattern; mail clients in another.
 *
 * <p>The ID is read as a range of the value, and its domain normalised into a reused
 * {@link HostName}: no stripped copy, substring or lower-cased string per message.
 */
final class MessageIdFeatures {

    private static final String PREFIX = "message-id:";
    private static final String DOMAIN_PREFIX = PREFIX + "domain:";
    private static final int MAX_SHAPE = 16;

    private final FeatureSink sink;
    private final StringBuilder shape = new StringBuilder();
    private final HostName domain;
    private boolean seen;

    /** @param domain a buffer this stage may overwrite whenever it is called */
    MessageIdFeatures(FeatureSink sink, HostName domain) {
        this.sink = sink;
        this.domain = domain;
    }

    void accept(String value) {
        seen = true;
        int from = Whitespace.stripStart(value, 0, value.length());
        int to = Whitespace.stripEnd(value, from, value.length());
        int open = value.indexOf('<', from, to);
        int close = value.lastIndexOf('>', to - 1);
        if (open >= 0 && close > open) {
            from = open + 1;
            to = close;
        }
        int at = value.lastIndexOf('@', to - 1);
        if (at <= from || at == to - 1) {
            sink.accept(PREFIX, "invalid");
            return;
        }
        domain.set(value, at + 1, to);
        domain.emit(sink, DOMAIN_PREFIX, 0, domain.length());
        sink.accept(PREFIX + "digits:", digitShare(value, from, at));
        sink.accept(PREFIX + "len:", Buckets.of(at - from));
        sink.accept(PREFIX + "shape:", shape(value, from, at));
    }

    /** A missing Message-ID is itself a clue. */
    void finish() {
        if (!seen) {
            sink.accept(PREFIX, "none");
        }
    }

    /** How much of the non-empty local part {@code value[from, to)} is digits. */
    private static String digitShare(String value, int from, int to) {
        int digits = 0;
        for (int i = from; i < to; i++) {
            if (isDigit(value.charAt(i))) {
                digits++;
            }
        }
        if (digits == 0) {
            return "none";
        }
        int length = to - from;
        if (digits == length) {
            return "all";
        }
        return digits * 2 >= length ? "most" : "some";
    }

    private CharSequence shape(String value, int from, int to) {
        shape.setLength(0);
        char last = 0;
        for (int i = from; i < to && shape.length() < MAX_SHAPE; i++) {
            char cls = charClass(value.charAt(i));
            if (cls != last) {
                shape.append(cls);
                last = cls;
            }
        }
        return shape;
    }

    /**
     * The class {@code c} stands for in the shape. The ASCII cases are spelled out: below 0x80
     * only 0-9 are digits and only a-z and A-Z letters, so the Unicode tables are read only
     * for the rare other char.
     */
    private static char charClass(char c) {
        if (c < 0x80) {
            return c >= '0' && c <= '9' ? '9'
                    : c >= 'a' && c <= 'z' ? 'a'
                    : c >= 'A' && c <= 'Z' ? 'A'
                    : c;
        }
        return Character.isDigit(c) ? '9'
                : Character.isLowerCase(c) ? 'a'
                : Character.isUpperCase(c) ? 'A'
                : Character.isLetter(c) ? 'u'
                : c;
    }

    private static boolean isDigit(char c) {
        return c < 0x80 ? c >= '0' && c <= '9' : Character.isDigit(c);
    }
}
