package org.bayard.core.token;

/**
 * The shape of the Message-ID, not its value (which is unique by design): the domain, how
 * much of the left part is digits, its length, and a compressed pattern of character classes
 * ({@code 9} digits, {@code a} lower case, {@code A} upper case, punctuation as itself).
 * Bulk mailers stamp IDs in one pattern; mail clients in another.
 */
final class MessageIdFeatures {

    private static final String PREFIX = "message-id:";
    private static final int MAX_SHAPE = 16;

    private final FeatureSink sink;
    private final StringBuilder shape = new StringBuilder();
    private boolean seen;

    MessageIdFeatures(FeatureSink sink) {
        this.sink = sink;
    }

    void accept(String value) {
        seen = true;
        String id = value.strip();
        int open = id.indexOf('<');
        int close = id.lastIndexOf('>');
        if (open >= 0 && close > open) {
            id = id.substring(open + 1, close);
        }
        int at = id.lastIndexOf('@');
        if (at <= 0 || at == id.length() - 1) {
            sink.accept(PREFIX, "invalid");
            return;
        }
        String local = id.substring(0, at);
        sink.accept(PREFIX + "domain:", Domains.normalise(id.substring(at + 1)));
        sink.accept(PREFIX + "digits:", digitShare(local));
        sink.accept(PREFIX + "len:", Buckets.of(local.length()));
        sink.accept(PREFIX + "shape:", shape(local));
    }

    /** A missing Message-ID is itself a clue. */
    void finish() {
        if (!seen) {
            sink.accept(PREFIX, "none");
        }
    }

    private static String digitShare(String local) {
        int digits = 0;
        for (int i = 0; i < local.length(); i++) {
            if (Character.isDigit(local.charAt(i))) {
                digits++;
            }
        }
        if (digits == 0) {
            return "none";
        }
        if (digits == local.length()) {
            return "all";
        }
        return digits * 2 >= local.length() ? "most" : "some";
    }

    private CharSequence shape(String local) {
        shape.setLength(0);
        char last = 0;
        for (int i = 0; i < local.length() && shape.length() < MAX_SHAPE; i++) {
            char c = local.charAt(i);
            char cls = Character.isDigit(c) ? '9'
                    : Character.isLowerCase(c) ? 'a'
                    : Character.isUpperCase(c) ? 'A'
                    : Character.isLetter(c) ? 'u'
                    : c;
            if (cls != last) {
                shape.append(cls);
                last = cls;
            }
        }
        return shape;
    }
}
