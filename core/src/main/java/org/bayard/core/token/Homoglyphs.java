package org.bayard.core.token;

/**
 * Folds Cyrillic and Greek letters that look like Latin ones ("p\u0430yp\u0430l" with a
 * Cyrillic a) onto those Latin letters, but only next to a Latin letter: a word in Russian or
 * Greek keeps its letters, a Latin word with a few look-alikes in it becomes the word it
 * imitates. Before, such a twin of a spam lost the words a filter knew: with a, o, e, p, c, x
 * and y swapped in every word of 775 single-part held-out spams, 102 moved by more than 0.02
 * and 56 changed verdict.
 */
final class Homoglyphs {

    private Homoglyphs() {}

    /**
     * Folds the look-alikes in {@code c[0, n)} that touch a Latin letter, or a run of look-alikes that does.
     *
     * <p>Only chars between the first and the last that may be a look-alike can change, so the two
     * passes walk that span alone, and a text with none (sent here by a char like "™" that has no
     * single-char NFKC form) is read once, with a branch that rarely goes the other way: the
     * passes over a whole text mispredicted at word edges, on the test of the char beside each.
     */
    static void foldInLatinWords(char[] c, int n) {
        int first = 0;
        while (first < n && !mayBeLookAlike(c[first])) {
            first++;
        }
        if (first == n) {
            return;
        }
        int last = n - 1;
        while (!mayBeLookAlike(c[last])) {
            last--;
        }
        for (int i = Math.max(first, 1); i <= last; i++) {
            if (isAsciiLetter(c[i - 1])) {
                char latin = latin(c[i]);
                if (latin != 0) {
                    c[i] = latin;
                }
            }
        }
        for (int i = Math.min(last, n - 2); i >= first; i--) {
            if (isAsciiLetter(c[i + 1])) {
                char latin = latin(c[i]);
                if (latin != 0) {
                    c[i] = latin;
                }
            }
        }
    }

    /** Whether {@code c} is in the range {@link #latin} maps from, the only chars it can fold. */
    private static boolean mayBeLookAlike(char c) {
        return c >= 0x0391 && c <= 0x0501;
    }

    private static boolean isAsciiLetter(char c) {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }

    /** The Latin letter {@code c} is drawn as, or 0. */
    static char latin(char c) {
        if (c < 0x0391 || c > 0x0501) {
            return 0;
        }
        return switch (c) {
            case '\u0430' -> 'a'; case '\u0435' -> 'e'; case '\u043E' -> 'o'; case '\u0440' -> 'p';
            case '\u0441' -> 'c'; case '\u0443' -> 'y'; case '\u0445' -> 'x'; case '\u0455' -> 's';
            case '\u0456' -> 'i'; case '\u0458' -> 'j'; case '\u04BB' -> 'h'; case '\u04CF' -> 'l';
            case '\u0501' -> 'd';
            case '\u0410' -> 'A'; case '\u0412' -> 'B'; case '\u0415' -> 'E'; case '\u041A' -> 'K';
            case '\u041C' -> 'M'; case '\u041D' -> 'H'; case '\u041E' -> 'O'; case '\u0420' -> 'P';
            case '\u0421' -> 'C'; case '\u0422' -> 'T'; case '\u0423' -> 'Y'; case '\u0425' -> 'X';
            case '\u0405' -> 'S'; case '\u0406' -> 'I'; case '\u0408' -> 'J';
            case '\u03BF' -> 'o'; case '\u03B1' -> 'a'; case '\u03BD' -> 'v'; case '\u03B9' -> 'i'; case '\u03C1' -> 'p';
            case '\u0391' -> 'A'; case '\u0392' -> 'B'; case '\u0395' -> 'E'; case '\u0396' -> 'Z'; case '\u0397' -> 'H';
            case '\u0399' -> 'I'; case '\u039A' -> 'K'; case '\u039C' -> 'M'; case '\u039D' -> 'N'; case '\u039F' -> 'O';
            case '\u03A1' -> 'P'; case '\u03A4' -> 'T'; case '\u03A5' -> 'Y'; case '\u03A7' -> 'X';
            default -> 0;
        };
    }
}
