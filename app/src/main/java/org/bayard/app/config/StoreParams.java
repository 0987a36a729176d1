package org.bayard.app.config;

/**
 * The {@code store:} section: what {@code bayard serve} does to keep the store in bounds by itself,
 * since most sites never run a maintenance command by hand.
 *
 * @param ledgerMaxAgeDays the ledger entries of messages learned more than this many days ago are
 *     pruned once a day (as {@code bayard db prune --ledger-older-than} does); 0, the default: never
 */
public record StoreParams(int ledgerMaxAgeDays) {
    public static final StoreParams DEFAULTS = new StoreParams(0);
    /** A century: no ledger entry can be older, and a cutoff further back is no cutoff. */
    public static final int MAX_LEDGER_AGE_DAYS = 36_500;

    public StoreParams {
        if (ledgerMaxAgeDays < 0 || ledgerMaxAgeDays > MAX_LEDGER_AGE_DAYS) {
            throw new IllegalArgumentException("store.ledger-max-age-days must be between 0 and " + MAX_LEDGER_AGE_DAYS
                    + ", got " + ledgerMaxAgeDays);
        }
    }

    public boolean agesLedger() {
        return ledgerMaxAgeDays > 0;
    }
}
