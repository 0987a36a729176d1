package org.bayard.core.mail;

/**
 * Finds URLs written out in text: {@code http://}, {@code https://} and {@code www.} at a word
 * start. No regular expression: text can be half a megabyte per part.
 *
 * <p>Rather than test every char for the start of a link, we jump with {@link String#indexOf} to
 * the next {@code ://} and the next dot, the two marks every link prefix has, and look back from
 * them: indexOf scans many chars per step, and most text has neither mark for dozens of chars.
 */
final class BareUrls {

    /** Longer "URLs" are junk or an attack on whoever stores them; the host is in the first part anyway. */
    static final int MAX_URL_CHARS = 2048;

    private static final String SCHEME_END = "://";
    private static final String HTTP = "http://";
    private static final String HTTPS = "https://";
    private static final String WWW = "www.";
    /**
     * What a link is made of: printable ASCII but space and {@code <>"'`{}|\^}. One bit per char,
     * so that the scan to a link's end tests each char once, not against ten exclusions.
     */
    private static final AsciiSet URL_CHARS = AsciiSet.printableBut(" <>\"'`{}|\\^");

    private BareUrls() {}

    /**
     * Invisible chars are taken out first: "ht\u200Btp://lb.bcen\u200Btral.com" reads as a link,
     * and with them in, it gave no link features (20 of 775 single-part spams of the corpus
     * moved by 0.02 to 0.15 when a zero-width space went into each word, links included).
     */
    static void find(CharSequence chars, MailVisitor visitor) {
        String text = Invisibles.removeFrom(chars.toString());
        int n = text.length();
        int httpStart = nextHttp(text, 0);
        int wwwStart = nextWww(text, 0);
        int from = 0; // links are looked for at or after this index
        while (httpStart >= 0 || wwwStart >= 0) {
            int i = httpStart < 0 ? wwwStart : wwwStart < 0 ? httpStart : Math.min(httpStart, wwwStart);
            if (i > 0 && isInsideWord(text.charAt(i - 1))) {
                from = i + 1; // "xhttp://" or "a.www." is part of something else
            } else {
                int end = i;
                while (end < n && end - i < MAX_URL_CHARS && isUrlChar(text.charAt(end))) {
                    end++;
                }
                while (end > i && isTrailingPunctuation(text.charAt(end - 1))) {
                    end--;
                }
                visitor.url(text.substring(i, end));
                from = end + 1; // the char after a link cannot start the next one
            }
            if (httpStart >= 0 && httpStart < from) {
                httpStart = nextHttp(text, from);
            }
            if (wwwStart >= 0 && wwwStart < from) {
                wwwStart = nextWww(text, from);
            }
        }
    }

    /**
     * The first index at or after {@code from} where {@code http://} or {@code https://} starts, or -1.
     * The {@code ://} marks are found by their colon: a search for one char runs on wide vectors,
     * where one for a string compares a window at each step, and text has few colons: with the
     * check on the char before each dot in {@link #nextWww}, the search over the corpus's bodies
     * took 0.96 of its time.
     */
    private static int nextHttp(String text, int from) {
        for (int mark = text.indexOf(':', from + HTTP.length() - SCHEME_END.length()); mark >= 0;
             mark = text.indexOf(':', mark + 1)) {
            if (!text.startsWith(SCHEME_END, mark)) {
                continue;
            }
            int https = mark - (HTTPS.length() - SCHEME_END.length());
            if (https >= from && startsWith(text, https, HTTPS)) {
                return https;
            }
            int http = mark - (HTTP.length() - SCHEME_END.length());
            if (startsWith(text, http, HTTP)) {
                return http;
            }
        }
        return -1;
    }

    /** The first index at or after {@code from} where {@code www.} starts, or -1. */
    private static int nextWww(String text, int from) {
        for (int dot = text.indexOf('.', from + WWW.length() - 1); dot >= 0; dot = text.indexOf('.', dot + 1)) {
            int www = dot - (WWW.length() - 1);
            // most dots end a sentence or a label: the char before one tells, without a call per dot
            if ((text.charAt(dot - 1) | 0x20) == 'w' && startsWith(text, www, WWW)) {
                return www;
            }
        }
        return -1;
    }

    /**
     * Whether {@code lowerPrefix} starts at {@code at}, letters in any case. Folding ASCII case
     * by hand ({@code c | 0x20}) is exact here: no other char lower-cases to a letter of the
     * prefixes (only U+0130 and U+212A lower-case into ASCII, to 'i' and 'k').
     */
    private static boolean startsWith(String text, int at, String lowerPrefix) {
        if (at + lowerPrefix.length() > text.length()) {
            return false;
        }
        for (int k = 0; k < lowerPrefix.length(); k++) {
            char p = lowerPrefix.charAt(k);
            char c = text.charAt(at + k);
            if (c != p && !(p >= 'a' && p <= 'z' && (c | 0x20) == p)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInsideWord(char c) {
        return Character.isLetterOrDigit(c) || c == '/' || c == '.' || c == '@' || c == '-' || c == '_' || c == ':' || c == '%';
    }

    private static boolean isUrlChar(char c) {
        return URL_CHARS.contains(c);
    }

    /** Sentence punctuation after a URL belongs to the sentence. */
    private static boolean isTrailingPunctuation(char c) {
        return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == ']';
    }
}
