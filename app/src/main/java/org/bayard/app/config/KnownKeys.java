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
        Optional<String> near = org.bayard.app.NearMiss.among(unknown, keys(path));
        if (near.isPresent()) return Optional.of(path + near.get());
        String u = unknown.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, List<String>> s : sections.entrySet()) {
            if (s.getKey().equals(path) || s.getKey().contains("[]")) continue;
            for (String k : s.getValue()) {
                if (k.equals(u)) return Optional.of(s.getKey() + k);
            }
        }
        return Optional.empty();
    }
}
