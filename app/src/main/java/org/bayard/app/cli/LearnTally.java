package org.bayard.app.cli;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.bayard.core.train.LearnOutcome;

/**
 * Counts outcomes for the summary line every learning command prints. Synchronized: an
 * {@link InterruptNotice} reads it from the shutdown hook's thread while the command adds to it.
 */
final class LearnTally {
    private final Map<LearnOutcome.Kind, Integer> counts = new EnumMap<>(LearnOutcome.Kind.class);
    private int messages;

    synchronized void add(LearnOutcome outcome) {
        messages++;
        counts.merge(outcome.kind(), 1, Integer::sum);
    }

    synchronized int messages() {
        return messages;
    }

    synchronized int count(LearnOutcome.Kind kind) {
        return counts.getOrDefault(kind, 0);
    }

    /**
     * The summary of a run that failed part way, printed before the error: what the store kept
     * (the batches committed), so the user knows a rerun will find those already learned.
     */
    String stopped(String verb) {
        return summary(verb) + " stored; stopped by the error below";
    }

    synchronized String summary(String verb) {
        String parts = counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase().replace('_', ' '))
                .collect(Collectors.joining(", "));
        return verb + ": " + messages + " message" + (messages == 1 ? "" : "s") + (parts.isEmpty() ? "" : " (" + parts + ")");
    }
}
