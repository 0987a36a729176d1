package org.bayard.core.classify;

/** The classifier's three-way answer. */
public enum Verdict {
    HAM, UNSURE, SPAM;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
