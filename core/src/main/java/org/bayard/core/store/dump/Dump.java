package org.bayard.core.store.dump;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.Totals;

/**
 * A dump read whole and verified: everything a store needs to take it in one piece.
 *
 * <p>Tokens and their counts are parallel primitive arrays (16 bytes a token) rather than objects,
 * so a store of millions of tokens fits in a modest heap while the import waits for the checksum.
 *
 * @param tokens strictly ascending as unsigned numbers, so free of duplicates
 * @param counts packed {@link org.bayard.core.store.Counts}, {@code counts[i]} for {@code tokens[i]}, never 0
 * @param ledger ascending by digest, no digest twice
 * @param created when the dump was written, if the header said
 * @param blocklist the sender blocklist, ascending by {@link BlockedSender#ORDER}, no pair twice;
 *     empty in a dump of format 1, which did not carry it
 * @param countsOverTotals the first line whose token counts more messages of a class than the
 *     totals: a sign of totals edited by hand, which an importer refuses unless told otherwise. A
 *     real store can hold a few such counts: forgetting a message through a copy whose transport
 *     headers differ leaves the original's transport tokens counted.
 */
public record Dump(int tokenizerVersion, Optional<Instant> created, Totals totals, long[] tokens, long[] counts,
                   List<LedgerEntry> ledger, List<BlockedSender> blocklist, Optional<String> countsOverTotals) {
    public Dump {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(countsOverTotals, "countsOverTotals");
        Objects.requireNonNull(totals, "totals");
        if (tokens.length != counts.length) throw new IllegalArgumentException("tokens and counts differ in length");
        ledger = List.copyOf(ledger);
        blocklist = List.copyOf(blocklist);
    }

    /** The token and ledger records, what a store takes in its transaction (the blocklist is a file beside it). */
    public long records() {
        return (long) tokens.length + ledger.size();
    }
}
