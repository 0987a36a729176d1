package org.bayard.core.token;

import java.nio.CharBuffer;
import java.text.Normalizer;

/**
 * Undoes the cheap Unicode disguises before words are split: invisible characters inside a
 * word ("fr\u200Bee") are removed, and NFKC folds compatibility forms (full-width "ＦＲＥＥ",
 * ligatures, circled letters) onto plain letters, so all of them count as "free".
 */
final class TextCleaner {

    private TextCleaner() {}

    /**
     * Copies the text, cleaned, into {@code into}. The cleaning works on that copy, which is the
     * one its reader (the word splitter) scans: ASCII text, already NFKC and without invisibles,
     * is copied once and left as it is. Other text is folded a char at a time while every char
     * has a {@link SingleCharNfkc} form, and goes to the {@code Normalizer} from the first char
     * that has none: the part folded already is equivalent to what it replaced, so normalising
     * it again with the rest gives what normalising the original would.
     */
    static void clean(CharSequence text, TextBuffer into) {
        char[] c = into.copy(text);
        int n = text.length();
        int i = 0;
        while (i < n && c[i] < 0x80) {
            i++;
        }
        int kept = i;
        for (; i < n; i++) {
            char ch = c[i];
            if (ch < 0x80) {
                c[kept++] = ch;
            } else if (!isInvisible(ch)) {
                char folded = SingleCharNfkc.of(ch);
                if (folded == 0) {
                    normalise(c, kept, i, n, into);
                    return;
                }
                c[kept++] = folded;
            }
        }
        into.shorten(kept);
    }

    /** Removes the invisibles from {@code c[from, n)}, moving the rest to {@code kept}, and normalises {@code c[0, kept)}. */
    private static void normalise(char[] c, int kept, int from, int n, TextBuffer into) {
        for (int i = from; i < n; i++) {
            if (!isInvisible(c[i])) {
                c[kept++] = c[i];
            }
        }
        into.copy(Normalizer.normalize(CharBuffer.wrap(c, 0, kept), Normalizer.Form.NFKC));
    }

    /** Zero-width, bidi control, soft hyphen, fillers and variation selectors: all render as nothing. */
    static boolean isInvisible(char c) {
        return c >= 0x00AD && (c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160
                || c == 0x17B4 || c == 0x17B5 || (c >= 0x180B && c <= 0x180E)
                || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F)
                || c == 0xFEFF || c == 0xFFA0 || (c >= 0xFFF9 && c <= 0xFFFB));
    }
}
