package org.bayard.store.redis;

import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write's count changes, merged per token before they go to the server: a train batch adds
 * to the same tokens message after message, and the commit script's time is its calls per
 * token. Counts clamp at zero, so only changes that cannot meet the clamp in between are merged:
 * for each class, consecutive deltas of the same sign (or zero), whose sum the clamp treats as
 * it treats them one by one. Tokens are independent, so only each token's own order is kept: a
 * token with changes that cannot be merged has them in rounds, its first in the first round.
 */
final class CountChanges {
    private CountChanges() {}

    /** One addCounts of the write, as made. */
    record Add(long[] tokens, int dHam, int dSpam) {}

    /** Deltas to add to each of a list of tokens. */
    record CountChange(LongArrayList tokens, int dHam, int dSpam) {}

    /** The changes to send, in an order that keeps each token's own. */
    static List<CountChange> of(List<Add> adds) {
        // token -> its deltas merged so far: the last in `merged`, earlier ones (rare) in `earlier`
        Long2LongOpenHashMap merged = new Long2LongOpenHashMap();
        Long2ObjectOpenHashMap<LongArrayList> earlier = new Long2ObjectOpenHashMap<>();
        for (Add add : adds) {
            long delta = pack(add.dHam(), add.dSpam());
            for (long token : add.tokens()) {
                if (!merged.containsKey(token)) {
                    merged.put(token, delta);
                } else {
                    long last = merged.get(token);
                    if (mergeable(last, delta)) {
                        merged.put(token, sum(last, delta));
                    } else {
                        earlier.computeIfAbsent(token, t -> new LongArrayList()).add(last);
                        merged.put(token, delta);
                    }
                }
            }
        }
        List<CountChange> out = new ArrayList<>();
        // round r: each token's r-th delta; a token's last delta comes in the round after its earlier ones
        int rounds = 1;
        for (LongArrayList e : earlier.values()) rounds = Math.max(rounds, e.size() + 1);
        for (int round = 0; round < rounds; round++) {
            Map<Long, LongArrayList> byDelta = new LinkedHashMap<>();
            for (Long2LongMap.Entry e : merged.long2LongEntrySet()) {
                long token = e.getLongKey();
                LongArrayList before = earlier.get(token);
                int n = before == null ? 0 : before.size();
                if (round > n) continue; // this token's deltas are all sent
                long delta = round < n ? before.getLong(round) : e.getLongValue();
                byDelta.computeIfAbsent(delta, d -> new LongArrayList()).add(token);
            }
            for (Map.Entry<Long, LongArrayList> e : byDelta.entrySet()) {
                out.add(new CountChange(e.getValue(), ham(e.getKey()), spam(e.getKey())));
            }
        }
        return out;
    }

    /** Whether, for each class, the two deltas have the same sign or one is zero. */
    private static boolean mergeable(long a, long b) {
        return (long) ham(a) * ham(b) >= 0 && (long) spam(a) * spam(b) >= 0;
    }

    /**
     * The sum, held within ±{@link Integer#MAX_VALUE}: a count is never more, so a larger delta of
     * one sign ends at the clamp as that one does.
     */
    private static long sum(long a, long b) {
        return pack(saturated((long) ham(a) + ham(b)), saturated((long) spam(a) + spam(b)));
    }

    private static int saturated(long v) {
        return (int) Math.max(-Integer.MAX_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static long pack(int dHam, int dSpam) {
        return ((long) dHam << 32) | (dSpam & 0xffffffffL);
    }

    private static int ham(long delta) {
        return (int) (delta >> 32);
    }

    private static int spam(long delta) {
        return (int) delta;
    }
}
