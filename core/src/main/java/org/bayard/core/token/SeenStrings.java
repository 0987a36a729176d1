package org.bayard.core.token;

import java.util.HashSet;
import java.util.Set;

/**
 * Tells whether a string comes for the first time, remembering at most a fixed number of them,
 * so that a hostile message cannot make the memory grow: past the limit, strings not yet
 * remembered count as new every time.
 */
final class SeenStrings {

    private final int limit;
    private final Set<String> seen = new HashSet<>();

    SeenStrings(int limit) {
        this.limit = limit;
    }

    /** Whether {@code s} was not seen before; remembers it while there is room. */
    boolean firstTime(String s) {
        return seen.size() >= limit ? !seen.contains(s) : seen.add(s);
    }
}
