package org.bayard.smtp;

import static org.bayard.smtp.FailureReplies.TEMPORARY_FAILURE;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Carries out the decision on a message at the end of DATA on the next hop, and makes the client's
 * reply: a message the filter passed is relayed (DATA, the message with the filter's head in place
 * of what it replaced, and the final dot, all within one time budget), any other is aborted there
 * with RSET, so that its final dot is never sent. It exists apart from the session because the
 * budget and what each failure means for the message (nothing delivered before the dot, perhaps
 * delivered after it) are the relay's own rules, not the command state machine's.
 */
final class MessageRelay {
    /**
     * Postfix after the queue waits this long for our reply after its final dot: its
     * smtp_data_done_timeout (600 s by default), less a minute for the scan and the reply.
     */
    static final Duration AFTER_QUEUE_REPLY_WAIT = Duration.ofSeconds(540);

    private final SmtpSettings settings;
    private final NextHopLink hop;

    MessageRelay(SmtpSettings settings, NextHopLink hop) {
        this.settings = settings;
        this.hop = hop;
    }

    /**
     * The decision on {@code message} carried out on the next hop; the reply for the client.
     * {@code allLocal}: the next hop has none of its recipients, so a relay is the filter's bug.
     */
    Reply carryOut(FilterResult result, SpillBuffer message, boolean allLocal) {
        return switch (result) {
            case FilterResult.Relay relay -> {
                if (allLocal) {
                    // the next hop has no recipient for this message: relaying it is the filter's bug
                    hop.abort();
                    yield TEMPORARY_FAILURE;
                }
                yield relay(relay, message);
            }
            case FilterResult.Held held -> {
                hop.abort();
                yield Reply.of(250, "2.0.0 Ok: held");
            }
            case FilterResult.Consumed c -> {
                hop.abort();
                yield Reply.of(250, "2.0.0 Ok");
            }
            case FilterResult.Refuse refuse -> {
                hop.abort();
                yield FailureReplies.refusalOnly(refuse.reply());
            }
        };
    }

    /** The message to the next hop; the reply for the client: 250 only after the next hop's 250. */
    private Reply relay(FilterResult.Relay relay, SpillBuffer message) {
        // DATA, the message and the dot, and a new connection first if the old one went: each wait
        // is bounded by the timeout, and all of them together too (see budget)
        hop.deadline(System.nanoTime() + budget(message.size()).toNanos());
        try {
            return relayWithin(relay, message);
        } finally {
            hop.deadline(0);
        }
    }

    /**
     * How long the next hop may take for its part of the end of data, all waits together. Before
     * the queue the timeout: Postfix in front waits for our one reply no longer than its
     * smtpd_proxy_timeout, which the timeout stays under. After it, a message passed on unscanned
     * may be hundreds of MB, which no next hop takes within a timeout meant for one wait: it got
     * 451 at every retry. There the timeout and a second for each MiB (a next hop slower than
     * 1 MiB/s counts as stalled), up to what Postfix waits, or the timeout when that is longer.
     */
    private Duration budget(long size) {
        Duration timeout = settings.nextHopTimeout();
        if (!settings.afterQueue()) return timeout;
        Duration bySize = timeout.plusSeconds(size >> 20);
        Duration most = timeout.compareTo(AFTER_QUEUE_REPLY_WAIT) > 0 ? timeout : AFTER_QUEUE_REPLY_WAIT;
        return bySize.compareTo(most) > 0 ? most : bySize;
    }

    private Reply relayWithin(FilterResult.Relay relay, SpillBuffer message) {
        try {
            Reply d = hop.data();
            if (d.code() != 354) {
                hop.abort();
                return FailureReplies.fromNextHop(d);
            }
            Reply end;
            try (InputStream rest = message.open()) {
                rest.skipNBytes(relay.replacedBytes());
                end = hop.send(relay.head(), rest);
            }
            if (end.code() == 250) return Reply.of(250, "2.0.0 Ok: queued");
            return FailureReplies.fromNextHop(end);
        } catch (IOException | RuntimeException e) {
            // after the dot, a lost reply is ambiguous: the client must retry, a duplicate is possible
            hop.close();
            return TEMPORARY_FAILURE;
        }
    }
}
