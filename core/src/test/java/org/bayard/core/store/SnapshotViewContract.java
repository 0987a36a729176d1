package org.bayard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract for stores whose read views are snapshots: a view sees the store as it was when
 * it opened, whatever is written meanwhile. The embedded stores give this (LMDB's read
 * transactions, the in-memory store's undo chain); a store on a server shared by many nodes
 * (Redis) answers each read as the server is at that moment, and passes only {@link TokenStoreContract}.
 */
public abstract class SnapshotViewContract extends TokenStoreContract {

    @Test
    void readViewOpenedBeforeAWriteDoesNotSeeIt() {
        learn(store, 1, MailClass.HAM, 1, 2);
        try (ReadView before = store.read()) {
            learn(store, 2, MailClass.SPAM, 2, 3);
            store.write(w -> { w.addCounts(new long[] {1}, 1, -1, 0); w.removeLedgerEntry(digest(1)); return null; });

            long[] out = new long[3];
            before.lookup(new long[] {1, 2, 3}, 3, out);
            assertThat(out).containsExactly(Counts.pack(1, 0), Counts.pack(1, 0), 0L);
            assertThat(before.totals()).isEqualTo(new Totals(1, 0));
            assertThat(before.ledgerEntry(digest(1))).isPresent();
            assertThat(before.ledgerEntry(digest(2))).isEmpty();
            assertThat(tokensOf(before)).containsOnlyKeys(1L, 2L);
            List<Digest> ledger = new ArrayList<>();
            before.forEachLedgerEntry(e -> ledger.add(e.digest()));
            assertThat(ledger).containsExactly(digest(1));
        }
    }

    @Test
    void readViewOpenedAfterAWriteSeesIt() {
        try (ReadView early = store.read()) {
            learn(store, 1, MailClass.SPAM, 1);
            try (ReadView after = store.read()) {
                assertThat(after.totals()).isEqualTo(new Totals(0, 1));
                assertThat(tokensOf(after)).containsEntry(1L, Counts.pack(0, 1));
                assertThat(after.ledgerEntry(digest(1))).isPresent();
            }
            assertThat(early.totals()).isEqualTo(Totals.EMPTY);
        }
    }

    @Test
    void severalReadViewsEachKeepTheirOwnMoment() {
        List<ReadView> views = new ArrayList<>();
        try {
            for (int i = 1; i <= 4; i++) {
                views.add(store.read());
                learn(store, i, MailClass.HAM, 1, i * 10);
            }
            for (int i = 0; i < 4; i++) {
                assertThat(lookup(views.get(i), 1)).as("view %d", i).isEqualTo(Counts.pack(i, 0));
                assertThat(views.get(i).totals()).isEqualTo(new Totals(i, 0));
                assertThat(tokensOf(views.get(i))).hasSize(i == 0 ? 0 : i + 1);
            }
        } finally {
            views.forEach(ReadView::close);
        }
    }

    /** Random writes against a model that copies everything when a view opens. */
    @Test
    void randomWritesAndViewsMatchACopyingModel() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261121);
        Map<Long, Long> model = new HashMap<>();
        Map<ReadView, Map<Long, Long>> open = new HashMap<>();
        try {
            for (int step = 0; step < 300; step++) {
                int op = random.nextInt(10);
                if (op < 6) {
                    long[] tokens = random.longs(1 + random.nextInt(5), 0, 40).distinct().toArray();
                    int dHam = random.nextInt(-2, 3);
                    int dSpam = random.nextInt(-2, 3);
                    store.write(w -> { w.addCounts(tokens, tokens.length, dHam, dSpam); return null; });
                    for (long t : tokens) {
                        long c = Counts.add(model.getOrDefault(t, 0L), dHam, dSpam);
                        if (c == 0) model.remove(t);
                        else model.put(t, c);
                    }
                } else if (op < 8 && open.size() < 6) {
                    open.put(store.read(), new HashMap<>(model));
                } else if (!open.isEmpty()) {
                    ReadView view = open.keySet().iterator().next();
                    assertThat(tokensOf(view)).as("step %d", step).isEqualTo(open.remove(view));
                    view.close();
                }
                for (Map.Entry<ReadView, Map<Long, Long>> e : open.entrySet()) {
                    long t = random.nextLong(0, 40);
                    assertThat(lookup(e.getKey(), t)).as("step %d token %d", step, t).isEqualTo(e.getValue().getOrDefault(t, 0L));
                }
            }
            try (ReadView r = store.read()) {
                assertThat(tokensOf(r)).isEqualTo(model);
            }
        } finally {
            open.keySet().forEach(ReadView::close);
        }
    }
}
