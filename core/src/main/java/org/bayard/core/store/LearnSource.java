package org.bayard.core.store;

/**
 * Who decided a message's class. A person's decision (anything but {@link #AUTOLEARN}) outranks
 * the machine's: autolearn never overrides it.
 */
public enum LearnSource {
    MANUAL, TRAP, MODERATOR, API, AUTOLEARN, EVAL;

    public boolean isHuman() {
        return this != AUTOLEARN && this != EVAL;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The source whose {@link #label} is {@code label}, as ledgers and dumps write it; empty for any other word. */
    public static java.util.Optional<LearnSource> ofLabel(String label) {
        for (LearnSource s : values()) {
            if (s.label().equals(label)) return java.util.Optional.of(s);
        }
        return java.util.Optional.empty();
    }
}
