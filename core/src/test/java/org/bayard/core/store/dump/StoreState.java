package org.bayard.core.store.dump;

import java.util.HashMap;
import java.util.Map;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.Totals;

/** Everything a store holds, as plain values that compare with equals. */
record StoreState(Totals totals, Map<Long, Long> counts, Map<Digest, LedgerEntry> ledger) {
    static StoreState of(TokenStore store) {
        try (ReadView v = store.read()) {
            Map<Long, Long> counts = new HashMap<>();
            v.forEachToken(counts::put);
            Map<Digest, LedgerEntry> ledger = new HashMap<>();
            v.forEachLedgerEntry(e -> ledger.put(e.digest(), e));
            return new StoreState(v.totals(), counts, ledger);
        }
    }
}
