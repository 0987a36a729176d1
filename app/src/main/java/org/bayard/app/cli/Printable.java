package org.bayard.app.cli;

/** Makes feature names safe to show on a terminal or in a mail header: printable ASCII only. */
final class Printable {
    private Printable() {}

    static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') b.append(c);
            else if (c == '\\' || c == '"') b.append('\\').append(c);
            else b.append(String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }
}
