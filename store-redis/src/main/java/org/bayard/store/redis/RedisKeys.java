package org.bayard.store.redis;

/**
 * The store's four keys, all hashes. The prefix sits in braces (a Redis Cluster hash tag), so
 * the commit script's keys always share one slot.
 *
 * <pre>
 *   {prefix}:meta    format, tokenizer-version
 *   {prefix}:totals  ham, spam (decimal)
 *   {prefix}:tokens  8-byte token hash (big-endian) -> 8 bytes: ham count, spam count (u32 each, big-endian)
 *   {prefix}:ledger  16-byte digest -> "class source epoch-second nano message-id" (see {@link LedgerValues})
 * </pre>
 *
 * A token's value is the {@link org.bayard.core.store.Counts} packing of its counts, byte for byte.
 */
record RedisKeys(byte[] meta, byte[] totals, byte[] tokens, byte[] ledger) {
    static RedisKeys of(String prefix) {
        String base = "{" + prefix + "}:";
        return new RedisKeys(RespConnection.bytes(base + "meta"), RespConnection.bytes(base + "totals"),
                RespConnection.bytes(base + "tokens"), RespConnection.bytes(base + "ledger"));
    }
}
