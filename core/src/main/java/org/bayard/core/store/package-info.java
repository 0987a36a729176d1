/**
 * Where learned evidence lives: per-token ham and spam counts, message totals, and the ledger of
 * learned messages, behind {@link org.bayard.core.store.TokenStore}.
 *
 * <p>Owns: the store interface, the packed-counts encoding, the in-memory store used by tests and
 * evaluation, and (in the test jar) {@code TokenStoreContract}, which every implementation passes.
 *
 * <p>Promises every store keeps: one write is atomic (counts, totals and ledger together, or
 * nothing); a read view is one moment and never sees a later write; counts never go negative and
 * a token at (0, 0) is gone; the tokenizer version that wrote the data is checked at open.
 *
 * <p>Must never: know about mail, tokenizing or probabilities (it stores numbers keyed by
 * numbers); let a failed write leave part of itself behind; let a read view see a later write.
 * The in-memory store also never holds its lock while caller code runs.
 */
package org.bayard.core.store;
