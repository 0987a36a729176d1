package org.bayard.app;

/**
 * A command whose work is only what it prints on standard output (scores, tokens, a dump to
 * {@code -}): when that output's reader goes away ({@code | head -1}) the rest of the work is for
 * no one, so the command stops at its next write, quietly, with status 141, as a Unix tool ended
 * by SIGPIPE does (see {@link StandardOutput}). Not for a command that changes the store or
 * passes mail on: that work is done whether anyone reads what it says or not.
 */
public interface StopsWithItsReader {
    /** Whether this run, with its options as parsed, prints only; a command with actions of both kinds says which. */
    default boolean printsOnly() {
        return true;
    }
}
