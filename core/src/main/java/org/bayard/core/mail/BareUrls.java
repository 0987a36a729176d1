package org.bayard.core.mail;

/**
 * Finds URLs written out in text: {@code http://}, {@code https://} and {@code www.} at a word
 * start. One pass, no regular expression: text can be half a megabyte per part.
 */
final class BareUrls {

    /** Longer "URLs" are junk or an attack on whoever stores them; the host is in the first part anyway. */
    static final int MAX_URL_CHARS = 2048;

    private BareUrls() {}

    static void find(CharSequence text, MailVisitor visitor) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c != 'h' && c != 'H' && c != 'w' && c != 'W') {
                continue;
            }
            if (i > 0 && isInsideWord(text.charAt(i - 1))) {
                continue; // "xhttp://" or "a.www." is part of something else
            }
            if (startsWith(text, i, "https://") || startsWith(text, i, "http://") || startsWith(text, i, "www.")) {
                int end = i;
                while (end < n && end - i < MAX_URL_CHARS && isUrlChar(text.charAt(end))) {
                    end++;
                }
                while (end > i && isTrailingPunctuation(text.charAt(end - 1))) {
                    end--;
                }
                visitor.url(text.subSequence(i, end).toString());
                i = end;
            }
        }
    }

    private static boolean startsWith(CharSequence text, int at, String prefix) {
        if (at + prefix.length() > text.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (Character.toLowerCase(text.charAt(at + k)) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInsideWord(char c) {
        return Character.isLetterOrDigit(c) || c == '/' || c == '.' || c == '@' || c == '-' || c == '_' || c == ':' || c == '%';
    }

    private static boolean isUrlChar(char c) {
        return c > ' ' && c < 0x7f && c != '<' && c != '>' && c != '"' && c != '\'' && c != '`'
                && c != '{' && c != '}' && c != '|' && c != '\\' && c != '^';
    }

    /** Sentence punctuation after a URL belongs to the sentence. */
    private static boolean isTrailingPunctuation(char c) {
        return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == ']';
    }
}
