package org.bayard.app.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The keys each section of the configuration takes, and for an unknown one, which key it was
 * meant to be: a near miss of a key of the same section ({@code ham-cuttoff}), or a key of another
 * section written in the wrong place ({@code reject-score} under {@code smtp:}). A list of every
 * known key left the reader to spot the difference.
 */
final class KnownKeys {
    /** The most edits a near miss may differ by; more would suggest unrelated keys. */
    private static final int MAX_EDITS = 2;

    /** Every section's path ("" for the top, "classifier." ...) and its keys, in the file's order. */
    private final Map<String, List<String>> sections = new LinkedHashMap<>();

    void section(String path, List<String> keys) {
        sections.put(path, List.copyOf(keys));
    }

    /** Every section's path and its keys, in the file's order. */
    Map<String, List<String>> sections() {
        return java.util.Collections.unmodifiableMap(sections);
    }

    /** The keys of the section at {@code path} ("http.users[2]." is any user's). */
    List<String> keys(String path) {
        return sections.getOrDefault(anyIndex(path), List.of());
    }

    private static String anyIndex(String path) {
        return path.replaceAll("\\[\\d+]", "[]");
    }

    /** " (did you mean PATH.KEY?)", or "" when nothing is close enough. */
    String hint(String path, String unknown) {
        return meant(path, unknown).map(k -> " (did you mean " + k + "?)").orElse("");
    }

    private Optional<String> meant(String path, String unknown) {
        String u = unknown.toLowerCase(Locale.ROOT);
        List<String> here = keys(path);
        String best = null;
        int bestEdits = MAX_EDITS + 1;
        for (String k : here) {
            int edits = edits(u, k);
            if (edits < bestEdits && edits * 2 < k.length()) {
                best = k;
                bestEdits = edits;
            }
        }
        if (best != null) return Optional.of(path + best);
        for (Map.Entry<String, List<String>> s : sections.entrySet()) {
            if (s.getKey().equals(path) || s.getKey().contains("[]")) continue;
            for (String k : s.getValue()) {
                if (k.equals(u)) return Optional.of(s.getKey() + k);
            }
        }
        return Optional.empty();
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
