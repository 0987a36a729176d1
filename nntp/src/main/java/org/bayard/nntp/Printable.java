package org.bayard.nntp;

/** A server's line as it may be shown in a message: printable ASCII, at most 200 characters. */
final class Printable {
    private Printable() {}

    static String of(String line) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < line.length() && b.length() < 200; i++) {
            char c = line.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.length() < line.length() ? b + "..." : b.toString();
    }
}
