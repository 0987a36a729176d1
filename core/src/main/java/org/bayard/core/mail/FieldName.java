package org.bayard.core.mail;

import java.nio.charset.StandardCharsets;

/**
 * A raw header field's name as the MIME structure is decided on it (the parser our features were
 * built on read it this way, so we must too): the words before the first colon outside a comment.
 * A field without such a colon, or whose name holds anything but printable ASCII, is not a field;
 * a name with whitespace or a comment before the colon ({@code Subject : x}) is obsolete syntax,
 * still a field but an anomaly.
 *
 * @param name the name, trimmed
 * @param colon the index of the colon in the message's bytes
 * @param obsolete whether anything but the name came before the colon
 */
record FieldName(String name, int colon, boolean obsolete) {

    /** The field's name, or null when it is not a valid field. */
    static FieldName parse(byte[] bytes, int from, int to) {
        // searched eight bytes a step: a name is some ten bytes, and a byte loop tested each three times
        int i = ByteSearch.firstColonParenOrNotNameChar(bytes, from, to);
        if (i == to) {
            return null;
        }
        if (bytes[i] == ':') {
            return new FieldName(new String(bytes, from, i - from, StandardCharsets.ISO_8859_1), i, false);
        }
        return parseSlowly(bytes, from, to); // whitespace, a comment or a stray byte: rare
    }

    /** A name with whitespace, a comment or a stray byte before its colon (package-private for a reference test). */
    static FieldName parseSlowly(byte[] bytes, int from, int to) {
        HeaderTokens tokens = new HeaderTokens(bytes, from, to);
        String name = tokens.token(':', -1).trim();
        if (tokens.atEnd()) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return null;
            }
        }
        int colon = tokens.position();
        return new FieldName(name, colon, colon - from != name.length());
    }

    private static boolean isNameChar(int c) {
        return c >= 0x21 && c <= 0x7e && c != ':';
    }
}
