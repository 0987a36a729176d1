package org.bayard.nntp;

/**
 * One response line of a news server: its three-digit status and the text after it.
 *
 * @param code the status, 100 to 599
 * @param text what follows the status and its space, possibly empty
 */
public record NntpReply(int code, String text) {
    /** Parses a line without its line end; a line that does not start with a status is the server's fault, said as an IOException. */
    static NntpReply parse(String line) throws java.io.IOException {
        if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                || !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' ')) {
            throw new java.io.IOException("the news server answered a line that is not an NNTP response: " + Printable.of(line));
        }
        int code = Integer.parseInt(line.substring(0, 3));
        if (code < 100 || code > 599) throw new java.io.IOException("the news server answered status " + code + ", which NNTP has not");
        return new NntpReply(code, line.length() > 4 ? line.substring(4) : "");
    }

    @Override
    public String toString() {
        return code + (text.isEmpty() ? "" : " " + text);
    }
}
