package org.bayard.core.train;

import java.util.function.LongFunction;

/**
 * A message ready to be scored or learned: its ledger identity and its distinct feature hashes.
 * Preparing (parsing, tokenizing, digesting) happens outside any store transaction, which then
 * only does lookups or counting.
 *
 * @param names names features for clues; {@code null} when names were not kept (the fast path)
 */
public record PreparedMessage(MessageIdentity identity, long[] tokens, LongFunction<String> names)
        implements MessageTokens {}
