package org.bayard.store.redis;

import static java.nio.charset.StandardCharsets.US_ASCII;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bayard.core.store.Counts;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.Totals;
import org.bayard.store.redis.CountChanges.CountChange;

/**
 * What one write changes, in the order it changed it, and the ledger entries it read: the
 * arguments of the commit script ({@code commit.lua}), which checks the entries and applies the
 * changes on the server in one step. Changes are increments, never values read and set, so
 * writes of other nodes between this write's reads and its commit are added to, not lost.
 */
final class WriteJournal {
    private static final byte[] EMPTY = new byte[0];

    /** The changes of totals and ledger; count changes are kept apart, in {@link #counts}. */
    private sealed interface Change permits AddTotals, PutEntry, RemoveEntry {}

    private record AddTotals(int dHam, int dSpam) implements Change {}

    private record PutEntry(LedgerEntry entry) implements Change {}

    private record RemoveEntry(Digest digest) implements Change {}

    /**
     * The count changes, in order. Apart from the others, whose keys they never touch, so that
     * their order among those does not matter: the script gets them merged ({@link CountChanges}).
     */
    private final List<CountChanges.Add> counts = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    /** The ledger values this write read from the server (empty: none), which must not have changed at commit. */
    private final Map<Digest, byte[]> checks = new LinkedHashMap<>();

    void addCounts(long[] tokens, int count, int dHam, int dSpam) {
        if (count > 0 && (dHam != 0 || dSpam != 0)) counts.add(new CountChanges.Add(Arrays.copyOf(tokens, count), dHam, dSpam));
    }

    void addTotals(int dHam, int dSpam) {
        if (dHam != 0 || dSpam != 0) changes.add(new AddTotals(dHam, dSpam));
    }

    void putLedgerEntry(LedgerEntry entry) {
        changes.add(new PutEntry(entry));
    }

    void removeLedgerEntry(Digest digest) {
        changes.add(new RemoveEntry(digest));
    }

    /** Notes what the server held for {@code digest} when this write first read it (null: nothing). */
    void readLedger(Digest digest, byte[] value) {
        checks.putIfAbsent(digest, value == null ? EMPTY : value);
    }

    boolean isEmpty() {
        return counts.isEmpty() && changes.isEmpty();
    }

    /** Applies this write's count changes, in order, to {@code into} (token to packed counts, 0 removed). */
    void replayCounts(Long2LongOpenHashMap into, boolean addMissing) {
        for (CountChanges.Add add : counts) {
            for (long token : add.tokens()) {
                if (!addMissing && !into.containsKey(token)) continue;
                into.put(token, Counts.add(into.get(token), add.dHam(), add.dSpam()));
            }
        }
    }

    Totals replayTotals(Totals totals) {
        for (Change change : changes) {
            if (change instanceof AddTotals add) totals = totals.plus(add.dHam(), add.dSpam());
        }
        return totals;
    }

    /** The commit script's arguments (its ARGV). */
    List<byte[]> scriptArguments() {
        List<byte[]> args = new ArrayList<>();
        args.add(decimal(checks.size()));
        for (Map.Entry<Digest, byte[]> check : checks.entrySet()) {
            args.add(check.getKey().toBytes());
            args.add(check.getValue());
        }
        for (CountChange change : CountChanges.of(counts)) {
            byte[] list = new byte[8 * change.tokens().size()];
            for (int i = 0; i < change.tokens().size(); i++) Bytes.put(list, 8 * i, change.tokens().getLong(i));
            args.addAll(List.of(code("c"), decimal(change.dHam()), decimal(change.dSpam()), list));
        }
        for (Change change : changes) {
            switch (change) {
                case AddTotals add -> args.addAll(List.of(code("t"), decimal(add.dHam()), decimal(add.dSpam())));
                case PutEntry put -> args.addAll(List.of(code("p"), put.entry().digest().toBytes(), LedgerValues.encode(put.entry())));
                case RemoveEntry remove -> args.addAll(List.of(code("r"), remove.digest().toBytes()));
            }
        }
        return args;
    }

    private static byte[] code(String c) {
        return c.getBytes(US_ASCII);
    }

    private static byte[] decimal(long n) {
        return Long.toString(n).getBytes(US_ASCII);
    }
}
