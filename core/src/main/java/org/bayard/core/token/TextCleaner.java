package org.bayard.core.token;

import java.nio.CharBuffer;
import java.text.Normalizer;
import org.bayard.core.mail.Invisibles;

/**
 * Undoes the cheap Unicode disguises before words are split: invisible characters inside a
 * word ("fr\u200Bee") are removed, and NFKC folds compatibility forms (full-width "ＦＲＥＥ",
 * ligatures, circled letters) onto plain letters, so all of them count as "free".
 */
final class TextCleaner {

    /** A run of this many ASCII chars ends a stretch to normalise; shorter ones stay inside it. */
    private static final int ASCII_GAP = 64;

    private TextCleaner() {}

    /**
     * Copies the text, cleaned, into {@code into}. The cleaning works on that copy, which is the
     * one its reader (the word splitter) scans: ASCII text, already NFKC and without invisibles,
     * is copied once and left as it is. Other text is folded a char at a time while every char
     * has a {@link SingleCharNfkc} form; from the first char that has none, the stretches of
     * the text that need it go to the {@code Normalizer} (see {@link #normalise}).
     */
    static void clean(CharSequence text, TextBuffer into) {
        char[] c = into.copy(text);
        int n = text.length();
        int i = 0;
        while (i < n && c[i] < 0x80) {
            i++;
        }
        if (i == n) {
            into.shorten(n); // ASCII: nothing to clean
            return;
        }
        int kept = i;
        for (; i < n; i++) {
            char ch = c[i];
            if (ch < 0x80) {
                c[kept++] = ch;
            } else if (!Invisibles.is(ch)) {
                char folded = SingleCharNfkc.of(ch);
                if (folded == 0) {
                    normalise(c, kept, i, n, into);
                    // Only here: Cyrillic and Greek have no single-char form, so a text with a look-alike
                    // always comes this way, and no char folded above becomes one (U+00B5 folds to
                    // Greek mu, which imitates no Latin letter). Folding on the path above too made
                    // the preparation 1.09 to 1.10 times slower (PrepAB), for nothing.
                    Homoglyphs.foldInLatinWords(into.array(), into.length());
                    return;
                }
                c[kept++] = folded;
            }
        }
        into.shorten(kept);
    }

    /**
     * Removes the invisibles from {@code c[from, n)}, moving the rest to {@code kept}, and puts
     * the NFKC form of {@code c[0, kept)} into {@code into}.
     *
     * <p>Why not the whole text in one call: one char like "™" early in a long text sent all of
     * it through the {@code Normalizer} (a 196 KB list of host names spent a tenth of its
     * preparation there). NFKC keeps a cut before every ASCII char (a starter that composes
     * with nothing before it, and that no reordering crosses), so the text is normalised in
     * stretches, each from the ASCII char before some non-ASCII chars (which may compose with
     * them) up to the next run of {@link #ASCII_GAP} ASCII chars; the ASCII between stretches,
     * and the part before the first, already folded, are copied as they are. Stretches end only
     * at long ASCII runs so that a text in another script, with ASCII spaces between its words,
     * still takes one call and not one per word. A stretch whose chars all fold alone is folded.
     */
    private static void normalise(char[] c, int kept, int from, int n, TextBuffer into) {
        int length = kept;
        for (int i = from; i < n; i++) {
            if (!Invisibles.is(c[i])) {
                c[length++] = c[i];
            }
        }
        StringBuilder normal = new StringBuilder(length + 16);
        int done = lastAsciiBefore(c, kept); // c[kept] has no single-char form; what comes before it is folded
        normal.append(c, 0, done);
        while (done < length) {
            int nonAscii = done;
            while (nonAscii < length && c[nonAscii] < 0x80) {
                nonAscii++;
            }
            if (nonAscii == length) {
                normal.append(c, done, length - done);
                break;
            }
            int start = nonAscii > done ? nonAscii - 1 : nonAscii; // the ASCII char before may compose with what follows
            normal.append(c, done, start - done);
            int end = stretchEnd(c, nonAscii, length);
            appendNfkc(c, start, end, normal);
            done = end;
        }
        into.copy(normal);
    }

    /** The last index before {@code end} of an ASCII char, or 0: a cut NFKC keeps. */
    private static int lastAsciiBefore(char[] c, int end) {
        int i = end - 1;
        while (i > 0 && c[i] >= 0x80) {
            i--;
        }
        return Math.max(i, 0);
    }

    /** Where the stretch with non-ASCII {@code c[from]} ends: at the start of the next {@link #ASCII_GAP} ASCII chars, or at {@code length}. */
    private static int stretchEnd(char[] c, int from, int length) {
        int end = from;
        while (end < length) {
            while (end < length && c[end] >= 0x80) {
                end++;
            }
            int ascii = end;
            while (ascii < length && c[ascii] < 0x80 && ascii - end < ASCII_GAP) {
                ascii++;
            }
            if (ascii == length || ascii - end == ASCII_GAP) {
                return end;
            }
            end = ascii; // a short ASCII run, then more non-ASCII: one stretch
        }
        return end;
    }

    /** Appends the NFKC form of {@code c[from, to)}: folded char by char when each char folds alone. */
    private static void appendNfkc(char[] c, int from, int to, StringBuilder out) {
        int mark = out.length();
        for (int i = from; i < to; i++) {
            char folded = c[i] < 0x80 ? c[i] : SingleCharNfkc.of(c[i]);
            if (folded == 0) {
                out.setLength(mark);
                out.append(Normalizer.normalize(CharBuffer.wrap(c, from, to - from), Normalizer.Form.NFKC));
                return;
            }
            out.append(folded);
        }
    }
}
