package org.bayard.core.mailbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Tells a real mbox envelope line ({@code From sender date}, as a delivery agent writes it)
 * from a body line that merely starts with {@code "From "}, such as "From the desk of ...".
 *
 * <p>The date is asctime's ({@code Tue Jan  2 10:11:12 2024}) with the variants mailers are
 * known to write, the ones mutt's and Dovecot's readers accept: no seconds, one or two time
 * zones before the year ({@code MET DST}, {@code -0500}), anything after the year (a numeric
 * zone, UUCP's {@code remote from host}), and Dovecot's {@code Tue, 2 Jan 2024 10:11:12}. The
 * sender may be missing, quoted ({@code "a b"@example.org}) or obscured as pipermail archives
 * write it ({@code bob at example.org}). Case does not matter.
 */
final class EnvelopeLine {

    /** How much of a line is looked at: a sender longer than this makes no envelope line. */
    static final int LOOKAHEAD = 1024;

    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};
    private static final List<String> WEEKDAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private EnvelopeLine() {}

    /** Whether the line at {@code a[from..]} (ended by LF or {@code to}) is an envelope line. */
    static boolean isEnvelope(byte[] a, int from, int to) {
        if (!MboxReader.startsWith(a, from, to, FROM)) return false;
        int end = from + FROM.length;
        while (end < to && end - from < LOOKAHEAD && a[end] != '\n') end++;
        return isEnvelope(new String(a, from + FROM.length, end - from - FROM.length, StandardCharsets.ISO_8859_1));
    }

    /** {@code rest}: what follows {@code "From "}. */
    static boolean isEnvelope(String rest) {
        String s = rest.endsWith("\r") ? rest.substring(0, rest.length() - 1) : rest;
        int p = skipSpaces(s, 0);
        if (isDate(s, p)) return true; // no sender
        int senderEnd = senderEnd(s, p);
        if (senderEnd <= p) return false;
        int next = skipSpaces(s, senderEnd);
        if (next == senderEnd) return false;
        if (isDate(s, next)) return true;
        // pipermail archives obscure the sender: "From bob at example.org  Tue Jan  2 ..."
        if (s.regionMatches(true, next, "at ", 0, 3)) {
            int host = skipSpaces(s, next + 3);
            int hostEnd = senderEnd(s, host);
            int date = skipSpaces(s, hostEnd);
            return hostEnd > host && date > hostEnd && isDate(s, date);
        }
        return false;
    }

    /** The end of a sender starting at {@code p}: a space ends it unless inside quotes; -1 for an open quote. */
    private static int senderEnd(String s, int p) {
        boolean quoted = false;
        int i = p;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                break;
            }
        }
        return quoted ? -1 : Math.min(i, s.length());
    }

    private static boolean isDate(String s, int p) {
        String[] w = s.substring(p).split("[ \t]+");
        return isAsctime(w) || isDovecotStamp(w);
    }

    /** {@code Tue Jan  2 10:11[:12] [zone [zone]] 2024 ...} */
    private static boolean isAsctime(String[] w) {
        if (w.length < 5 || !isName(w[0], WEEKDAYS) || !isName(w[1], MONTHS) || !isDay(w[2]) || !isTime(w[3])) return false;
        int i = 4;
        if (isZone(w[i]) && i + 1 < w.length) {
            i++;
            if (isLetters(w[i]) && i + 1 < w.length) i++;
        }
        return isYear(w[i]);
    }

    /** Dovecot's other stamp: {@code Tue, 2 Jan 2024 10:11[:12] ...} */
    private static boolean isDovecotStamp(String[] w) {
        return w.length >= 5 && w[0].endsWith(",") && isName(w[0].substring(0, w[0].length() - 1), WEEKDAYS)
                && isDay(w[1]) && isName(w[2], MONTHS) && w[3].length() == 4 && isYear(w[3]) && isTime(w[4]);
    }

    private static boolean isName(String word, List<String> names) {
        return names.contains(word.toLowerCase(Locale.ROOT));
    }

    private static boolean isDay(String word) {
        if (!isDigits(word, 1, 2)) return false;
        int day = Integer.parseInt(word);
        return day >= 1 && day <= 31;
    }

    /** {@code H:MM}, {@code HH:MM} or either with {@code :SS}. */
    private static boolean isTime(String word) {
        String[] parts = word.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || !isDigits(parts[0], 1, 2)) return false;
        for (int i = 1; i < parts.length; i++) {
            if (!isDigits(parts[i], 2, 2)) return false;
        }
        return true;
    }

    /** A named zone ({@code MET}, {@code UTC}) or a numeric one ({@code -0500}). */
    private static boolean isZone(String word) {
        if (isLetters(word)) return true;
        return (word.startsWith("+") || word.startsWith("-")) && isDigits(word.substring(1), 4, 4);
    }

    /** Four digits as asctime writes them; two as some old mailers did. */
    private static boolean isYear(String word) {
        return isDigits(word, 4, 4) || isDigits(word, 2, 2);
    }

    private static boolean isLetters(String word) {
        if (word.isEmpty()) return false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) return false;
        }
        return true;
    }

    private static boolean isDigits(String word, int min, int max) {
        if (word.length() < min || word.length() > max) return false;
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) < '0' || word.charAt(i) > '9') return false;
        }
        return true;
    }

    private static int skipSpaces(String s, int p) {
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) p++;
        return p;
    }
}
