package org.bayard.app;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The word a mistyped one was most likely meant to be (a configuration key, a command): the
 * closest of the candidates by Levenshtein distance, when close enough to be a typo at all.
 */
public final class NearMiss {
    /** The most edits a near miss may differ by; more would suggest unrelated words. */
    private static final int MAX_EDITS = 2;

    private NearMiss() {}

    /** The closest candidate, compared without case, within two edits and changed in less than half. */
    public static Optional<String> among(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestEdits = MAX_EDITS + 1;
        for (String c : candidates) {
            int edits = edits(t, c.toLowerCase(Locale.ROOT));
            if (edits < bestEdits && edits * 2 < c.length()) {
                best = c;
                bestEdits = edits;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int edits(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
