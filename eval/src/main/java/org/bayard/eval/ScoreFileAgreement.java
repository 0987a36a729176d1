package org.bayard.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bayard.core.store.MailClass;

/**
 * Whether score files drawn on one plot are curves of the same mail, by the message names they
 * give: scale and order do not matter, but a file that lists a message twice counts it twice, two
 * files that disagree on whether a message is spam do not share a gold standard, and a file over
 * other messages is another test. Each was drawn without a word, and a postmaster comparing
 * Bayard with another filter read the difference as the filters'.
 */
public final class ScoreFileAgreement {
    /** One score file: its curve's name, where it was read from, and its lines. */
    public record Scored(String label, Path file, List<ScoreFile.Entry> entries) {}

    private ScoreFileAgreement() {}

    /**
     * Refuses a file that names a message twice, or files that give one message two labels
     * (IllegalArgumentException saying which); returns a warning for each file whose messages are
     * not those of the first file, and for a file without names that cannot be checked.
     */
    public static List<String> check(List<Scored> files) {
        for (Scored f : files) requireOnceEach(f);
        requireSameLabels(files);
        List<String> warnings = new ArrayList<>();
        Scored first = files.get(0);
        for (Scored other : files.subList(1, files.size())) differentMail(first, other).ifPresent(warnings::add);
        return warnings;
    }

    private static void requireOnceEach(Scored f) {
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new LinkedHashSet<>();
        for (ScoreFile.Entry e : f.entries()) {
            if (!e.name().isEmpty() && !seen.add(e.name())) repeated.add(e.name());
        }
        if (repeated.isEmpty()) return;
        throw new IllegalArgumentException("score file " + f.file() + " lists " + repeated.iterator().next() + " more than once"
                + more(repeated.size() - 1) + ": one score per message");
    }

    private static void requireSameLabels(List<Scored> files) {
        Map<String, Scored> namedBy = new HashMap<>();
        Map<String, MailClass> labelOf = new HashMap<>();
        String first = null;
        int disagreements = 0;
        for (Scored f : files) {
            for (ScoreFile.Entry e : f.entries()) {
                if (e.name().isEmpty()) continue;
                MailClass before = labelOf.putIfAbsent(e.name(), e.label());
                if (before == null) {
                    namedBy.put(e.name(), f);
                } else if (before != e.label()) {
                    if (first == null) {
                        first = e.name() + " is " + e.label().label() + " in " + f.file() + " but " + before.label() + " in "
                                + namedBy.get(e.name()).file();
                    }
                    disagreements++;
                }
            }
        }
        if (first != null) {
            throw new IllegalArgumentException(first + more(disagreements - 1) + ": the files do not agree on which mail is spam");
        }
    }

    private static java.util.Optional<String> differentMail(Scored first, Scored other) {
        Set<String> ours = names(first);
        Set<String> theirs = names(other);
        if (ours.isEmpty() || theirs.isEmpty()) {
            Scored unnamed = ours.isEmpty() ? first : other;
            return java.util.Optional.of(String.format(Locale.ROOT, "warning: %s names no messages, so it cannot be checked that %s and %s"
                    + " score the same mail", unnamed.label(), other.label(), first.label()));
        }
        List<String> missing = ours.stream().filter(n -> !theirs.contains(n)).toList();
        List<String> extra = theirs.stream().filter(n -> !ours.contains(n)).toList();
        if (missing.isEmpty() && extra.isEmpty()) return java.util.Optional.empty();
        StringBuilder w = new StringBuilder(String.format(Locale.ROOT, "warning: %s and %s score different mail: ", other.label(), first.label()));
        if (!missing.isEmpty()) {
            w.append(String.format(Locale.ROOT, "%d of %s's %d messages %s not in %s", missing.size(), first.label(), ours.size(),
                    missing.size() == 1 ? "is" : "are", other.label()));
        }
        if (!extra.isEmpty()) {
            w.append(missing.isEmpty() ? String.format(Locale.ROOT, "%d of %s's %d messages %s not in %s", extra.size(), other.label(),
                    theirs.size(), extra.size() == 1 ? "is" : "are", first.label())
                    : String.format(Locale.ROOT, ", and %d of %s's %d not in %s", extra.size(), other.label(), theirs.size(), first.label()));
        }
        w.append(" (such as ").append(extra.isEmpty() ? missing.get(0) : extra.get(0)).append(')');
        return java.util.Optional.of(w.toString());
    }

    /** The names a file gives its messages, in its order. */
    private static Set<String> names(Scored f) {
        Set<String> names = new LinkedHashSet<>();
        for (ScoreFile.Entry e : f.entries()) if (!e.name().isEmpty()) names.add(e.name());
        return names;
    }

    private static String more(int n) {
        return n == 0 ? "" : " (and " + n + " more message" + (n == 1 ? "" : "s") + ")";
    }
}
