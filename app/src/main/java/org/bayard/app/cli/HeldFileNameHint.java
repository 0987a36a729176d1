package org.bayard.app.cli;

import org.bayard.core.quarantine.Spool;

/**
 * What to add to "no quarantined message with id X" when X is the name of a held item's file
 * ({@code ID.eml}, {@code ID.json}), as a moderator pastes it from a listing of the quarantine
 * folder: the line said only that there was no such id, about a file they were looking at.
 */
final class HeldFileNameHint {
    private HeldFileNameHint() {}

    /** "; X is the file of the held message ID: give its id, ID", or "" when X is no held item's file name. */
    static String of(Spool spool, String given) {
        for (String suffix : new String[] {".eml", ".json"}) {
            if (!given.endsWith(suffix)) continue;
            String id = given.substring(0, given.length() - suffix.length());
            if (Spool.validId(id) && spool.contains(id)) return "; " + given + " is the file of the held message " + id + ": give its id, " + id;
        }
        return "";
    }
}
