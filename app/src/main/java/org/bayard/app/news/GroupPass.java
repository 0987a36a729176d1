package org.bayard.app.news;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one pass did in one newsgroup: how many articles went where, what is worth saying (a first
 * pass, articles that expired before they were read) and what stopped it, if anything did.
 */
final class GroupPass {
    final String group;
    final String list;
    int passed;
    int held;
    int refused;
    /** Not handed over, on purpose: no article by that number, too large, or back from the list itself. */
    int skipped;
    final List<String> notes = new ArrayList<>();
    /** What stopped the group's pass before its last article; none when it got there. */
    Optional<String> trouble = Optional.empty();

    GroupPass(String group, String list) {
        this.group = group;
        this.list = list;
    }

    int handled() {
        return passed + held + refused + skipped;
    }

    /** One line for a person: {@code local.test -> list@example.org: 3 new: 1 passed, 1 held, 1 refused, 0 skipped}. */
    String summary() {
        StringBuilder b = new StringBuilder(group + " -> " + list + ": ");
        b.append(handled() == 0 ? "nothing new" : handled() + " new: " + passed + " passed, " + held + " held, " + refused
                + " refused, " + skipped + " skipped");
        for (String n : notes) b.append("; ").append(n);
        trouble.ifPresent(t -> b.append("; stopped: ").append(t));
        return b.toString();
    }
}
