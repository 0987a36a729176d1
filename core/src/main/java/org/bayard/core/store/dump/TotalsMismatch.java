package org.bayard.core.store.dump;

import java.util.Optional;

/**
 * A message is counted in a class's total once however many of its tokens are, so no token can
 * count more messages of a class than the totals line, nor the ledger list more: such a dump most
 * likely had its totals edited, and imported it would skew every score without a word. Keeps the
 * first line that shows it. It exists apart from {@link DumpReader} because the reader keeps two
 * of these, one for the tokens (a warning) and one for the ledger (a refusal), with one wording.
 */
final class TotalsMismatch {
    private String first;

    void note(long line, String what, String mailClass, long total) {
        if (first == null) {
            first = "line " + line + ": " + what + ", more than the " + total + " " + mailClass
                    + " messages of the totals line (line 2): the totals do not match the records"
                    + " (edited by hand?); put back the totals the export wrote";
        }
    }

    Optional<String> first() {
        return Optional.ofNullable(first);
    }
}
