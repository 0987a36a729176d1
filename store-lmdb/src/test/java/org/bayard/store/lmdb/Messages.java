package org.bayard.store.lmdb;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.bayard.core.store.Counts;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.bayard.core.store.WriteView;

/**
 * Synthetic messages whose tokens follow from their number, so that a store's counts can be
 * recomputed from its ledger alone: the check that a crash left no half-applied write.
 */
final class Messages {
    static final long DIGEST_HIGH = 0x6261_7961_7264_0000L;
    private static final int TOKENS = 50;
    private static final long VOCABULARY = 2_000;

    private Messages() {}

    static Digest digest(long n) {
        return new Digest(DIGEST_HIGH, n);
    }

    /** Distinct tokens of message {@code n}, sorted. */
    static long[] tokens(long n) {
        return new SplittableRandom(n).longs(TOKENS, 0, VOCABULARY).distinct().sorted().toArray();
    }

    /** Learns message {@code n} as {@code mailClass}, or does nothing if it is already learned. */
    static boolean learn(WriteView w, long n, MailClass mailClass) {
        if (w.ledgerEntry(digest(n)).isPresent()) return false;
        int ham = mailClass == MailClass.HAM ? 1 : 0;
        long[] tokens = tokens(n);
        w.addCounts(tokens, tokens.length, ham, 1 - ham);
        w.addTotals(ham, 1 - ham);
        w.putLedgerEntry(new LedgerEntry(digest(n), "<" + n + "@messages.test>", mailClass, LearnSource.EVAL,
                Instant.ofEpochSecond(1_700_000_000L + n)));
        return true;
    }

    /** Takes message {@code n} out again, using the ledger to know which class it was in. */
    static boolean unlearn(WriteView w, long n) {
        LedgerEntry entry = w.ledgerEntry(digest(n)).orElse(null);
        if (entry == null) return false;
        int ham = entry.mailClass() == MailClass.HAM ? 1 : 0;
        long[] tokens = tokens(n);
        w.addCounts(tokens, tokens.length, -ham, -(1 - ham));
        w.addTotals(-ham, -(1 - ham));
        w.removeLedgerEntry(digest(n));
        return true;
    }

    /**
     * Checks that the view's counts and totals are exactly what its ledger implies; returns a
     * description of the first difference, or null when consistent.
     */
    static String inconsistency(ReadView view) {
        Map<Long, Long> expected = new HashMap<>();
        long[] perClass = new long[2];
        view.forEachLedgerEntry(e -> {
            int ham = e.mailClass() == MailClass.HAM ? 1 : 0;
            perClass[1 - ham]++;
            for (long t : tokens(e.digest().low())) expected.merge(t, Counts.pack(ham, 1 - ham), Messages::sum);
        });
        Totals totals = view.totals();
        if (totals.ham() != perClass[0] || totals.spam() != perClass[1]) {
            return "totals " + totals + " but the ledger holds " + perClass[0] + " ham and " + perClass[1] + " spam";
        }
        Map<Long, Long> actual = new HashMap<>();
        view.forEachToken((t, c) -> actual.put(t, c));
        for (Map.Entry<Long, Long> e : actual.entrySet()) {
            long c = e.getValue();
            if (Counts.ham(c) < 0 || Counts.spam(c) < 0 || c == 0) return "token " + e.getKey() + " has counts " + show(c);
        }
        if (!actual.equals(expected)) {
            for (long t = 0; t < VOCABULARY; t++) {
                long a = actual.getOrDefault(t, 0L), x = expected.getOrDefault(t, 0L);
                if (a != x) return "token " + t + " has " + show(a) + " but the ledger implies " + show(x);
            }
            return "tokens outside the vocabulary: " + actual.keySet();
        }
        return null;
    }

    /**
     * Checks that batched lookups of every token (twice, so the second may come from a cache)
     * agree with the view's cursor walk over the stored counts; a description of the first
     * difference, or null.
     */
    static String lookupDisagreement(ReadView view) {
        Map<Long, Long> stored = new HashMap<>();
        view.forEachToken((t, c) -> stored.put(t, c));
        long[] tokens = new long[(int) VOCABULARY];
        for (int t = 0; t < tokens.length; t++) tokens[t] = t;
        long[] counts = new long[tokens.length];
        for (int pass = 1; pass <= 2; pass++) {
            view.lookup(tokens, tokens.length, counts);
            for (int t = 0; t < tokens.length; t++) {
                long x = stored.getOrDefault((long) t, 0L);
                if (counts[t] != x) return "pass " + pass + ": token " + t + " looked up as " + show(counts[t]) + " but stored " + show(x);
            }
        }
        return null;
    }

    private static long sum(long a, long b) {
        return Counts.pack(Counts.ham(a) + Counts.ham(b), Counts.spam(a) + Counts.spam(b));
    }

    private static String show(long c) {
        return "(" + Counts.ham(c) + " ham, " + Counts.spam(c) + " spam)";
    }
}
