package org.bayard.core.store.dump;

import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bayard.core.store.Counts;
import org.bayard.core.store.IncompatibleStoreException;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.Totals;
import org.bayard.core.store.WriteView;

/**
 * Adds a verified {@link Dump} to a store. Into an empty store this reproduces the dumped state
 * exactly. Into a non-empty one it merges, by the rule in {@code docs/dump-format.md}:
 * <ul>
 *   <li>token counts and totals add (saturating at the store's maximum, as learning does);
 *   <li>ledger entries are added, except that an entry whose digest the store already holds is
 *       an <em>overlap</em>: the store's entry is kept, whatever class either side says;
 *   <li>a dump carries summed counts, not each message's tokens, so an overlapping message's
 *       counts cannot be left out: the import is refused unless the caller allows overlaps, and
 *       then those messages count twice (or in both classes).
 * </ul>
 *
 * <p>By default the whole dump is one write, all or nothing, as a batch of learning is: a
 * failure (a full disk) or a kill leaves the store as it was. It was written in transactions of
 * 50,000 records, to keep each bounded, and a full disk between them left part of a merge in the
 * store, which could only be undone by removing the store, with what it held before. One
 * transaction costs no more than a batch of training: a merge changes tokens all over the store,
 * so each of those transactions rewrote nearly every leaf page anyway, and the store's writer
 * holds back at most a bounded number of counts (LMDB's own dirty pages spill to the file).
 *
 * <p>A store whose transactions must stay small can be given a {@code chunk} of records (a token
 * or a ledger entry) per transaction. The dump is checked completely before the first write, so
 * only an environment failure between transactions can then leave part of it; the exception says
 * how much was written. The ledger entries go first, with the totals in the first transaction,
 * and the token counts after them: whatever part an interrupted import left, importing the dump
 * again meets its ledger entries and is refused as an overlap (with the tokens first, a second
 * run added the counts already written again, reporting success).
 */
public final class DumpImporter {
    /** The default: the whole dump in one transaction. */
    public static final int WHOLE_DUMP = Integer.MAX_VALUE;

    private final TokenStore store;
    private final int chunk;

    public DumpImporter(TokenStore store, int chunk) {
        if (chunk < 1) throw new IllegalArgumentException("chunk must be at least 1: " + chunk);
        this.store = store;
        this.chunk = chunk;
    }

    public DumpImporter(TokenStore store) {
        this(store, WHOLE_DUMP);
    }

    /** A message in both the dump and the store. */
    public record Overlap(LedgerEntry inDump, LedgerEntry inStore) {
        public boolean sameClass() {
            return inDump.mailClass() == inStore.mailClass();
        }
    }

    /**
     * @param overlaps messages of the dump whose store entry was kept (empty unless overlaps
     *     were allowed)
     * @param transactions writes it took; 1 means the import was atomic
     */
    public record Result(Totals totals, long tokens, long ledgerAdded, List<Overlap> overlaps, int transactions) {}

    /** The dump's messages the store already has in its ledger, as of now. */
    public List<Overlap> overlaps(Dump dump) {
        List<Overlap> out = new ArrayList<>();
        try (ReadView view = store.read()) {
            for (LedgerEntry e : dump.ledger()) {
                view.ledgerEntry(e.digest()).ifPresent(have -> out.add(new Overlap(e, have)));
            }
        }
        return out;
    }

    /**
     * Adds {@code dump} to the store.
     *
     * @throws IncompatibleStoreException when the dump's tokenizer version is not the store's
     * @throws OverlapException when overlaps are not allowed and there are some; nothing written
     * @throws UncheckedIOException when the store fails; the message says whether part was written
     */
    public Result importDump(Dump dump, boolean allowOverlap) {
        if (dump.tokenizerVersion() != store.tokenizerVersion()) {
            throw new IncompatibleStoreException("the dump was written by tokenizer version " + dump.tokenizerVersion()
                    + " but this store uses version " + store.tokenizerVersion()
                    + "; counts of different tokenizers cannot be mixed: train the store from mail instead");
        }
        List<Overlap> overlaps = overlaps(dump);
        if (!overlaps.isEmpty() && !allowOverlap) throw new OverlapException(overlaps);

        long records = dump.records();
        int transactions = (int) Math.max(1, (records + chunk - 1) / chunk);
        List<Overlap> kept = new ArrayList<>();
        for (int t = 0; t < transactions; t++) {
            long from = (long) t * chunk;
            long to = Math.min(records, from + chunk);
            boolean first = t == 0;
            try {
                // the overlaps leave through the result: an action may run twice (TokenStore.write)
                kept.addAll(store.write(view -> {
                    List<Overlap> found = new ArrayList<>();
                    applyRange(view, dump, from, to, found);
                    if (first) addTotals(view, dump.totals());
                    return found;
                }));
            } catch (UncheckedIOException e) {
                int ledger = dump.ledger().size();
                String done = t == 0 ? "nothing was imported"
                        : "the store holds the first " + t + " of " + transactions + " transactions of this import "
                                + (from < ledger ? "(" + from + " of its " + ledger + " ledger entries and the totals, no tokens)"
                                        : "(its " + ledger + " ledger entries and the totals, and " + (from - ledger) + " of "
                                                + dump.tokens().length + " tokens' counts)")
                                + ": importing the dump again is refused as overlapping; remove the store and import the"
                                + " dump into an empty one";
                throw new UncheckedIOException("import failed: " + e.getMessage() + "; " + done, e.getCause());
            }
        }
        return new Result(dump.totals(), dump.tokens().length, dump.ledger().size() - kept.size(), kept, transactions);
    }

    /** Records [from, to) with the ledger entries first, then the tokens (see the class comment for why). */
    private static void applyRange(WriteView view, Dump dump, long from, long to, List<Overlap> kept) {
        int ledger = dump.ledger().size();
        for (long r = from; r < Math.min(to, ledger); r++) {
            LedgerEntry e = dump.ledger().get((int) r);
            // Checked again here: a learner may have written since overlaps() looked.
            Optional<LedgerEntry> have = view.ledgerEntry(e.digest());
            if (have.isPresent()) kept.add(new Overlap(e, have.get()));
            else view.putLedgerEntry(e);
        }
        long tokenFrom = Math.max(from, ledger) - ledger;
        long tokenTo = to - ledger;
        if (tokenFrom < tokenTo) addCounts(view, dump, (int) tokenFrom, (int) tokenTo);
    }

    /**
     * Tokens grouped at once: the groups copy them, so a whole dump grouped in one piece took as
     * much heap again as the dump (a 655,753-token dump ran out of a 64 MB heap, which imports it
     * in slices).
     */
    private static final int GROUPING_SLICE = 50_000;

    /** addCounts adds one delta to many tokens, so tokens are grouped by their counts: few groups in practice. */
    private static void addCounts(WriteView view, Dump dump, int from, int to) {
        for (int slice = from; slice < to; slice += GROUPING_SLICE) {
            Long2ObjectMap<LongArrayList> byCounts = new Long2ObjectOpenHashMap<>();
            for (int i = slice; i < Math.min(to, slice + GROUPING_SLICE); i++) {
                byCounts.computeIfAbsent(dump.counts()[i], k -> new LongArrayList()).add(dump.tokens()[i]);
            }
            for (Long2ObjectMap.Entry<LongArrayList> g : byCounts.long2ObjectEntrySet()) {
                long[] tokens = g.getValue().toLongArray();
                view.addCounts(tokens, tokens.length, Counts.ham(g.getLongKey()), Counts.spam(g.getLongKey()));
            }
        }
    }

    /** Totals are longs but the view adds ints. */
    private static void addTotals(WriteView view, Totals totals) {
        long ham = totals.ham();
        long spam = totals.spam();
        while (ham > 0 || spam > 0) {
            int h = (int) Math.min(ham, Integer.MAX_VALUE);
            int s = (int) Math.min(spam, Integer.MAX_VALUE);
            view.addTotals(h, s);
            ham -= h;
            spam -= s;
        }
    }
}
