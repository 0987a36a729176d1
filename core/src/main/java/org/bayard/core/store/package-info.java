/**
 * The token store contract: counts per feature hash, message totals, the ledger of learned
 * messages, and the tokenizer version that wrote them. Implementations live in their own modules
 * (LMDB, Redis) or here (in-memory); all pass {@code TokenStoreContract}.
 */
package org.bayard.core.store;
