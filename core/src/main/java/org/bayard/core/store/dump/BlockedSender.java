package org.bayard.core.store.dump;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One entry of the gate's sender blocklist as a dump carries it: mail from {@code sender}
 * (empty for the null sender) through {@code client} is refused until {@code expires}. The
 * blocklist lives beside the store, not in it, but it is the store's state as much as the
 * counts: a store restored without it let every sender the gate had just rejected through again.
 */
public record BlockedSender(String client, String sender, Instant expires) {
    /** The order of a dump's {@code b} lines: by client, then sender, as text; no pair twice. */
    static final Comparator<BlockedSender> ORDER =
            Comparator.comparing(BlockedSender::client).thenComparing(BlockedSender::sender);

    public BlockedSender {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(expires, "expires");
        if (client.isEmpty()) throw new IllegalArgumentException("a blocklist entry needs a client address");
    }
}
