package org.bayard.core.train;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongFunction;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.token.Features;
import org.bayard.core.token.Tokenizer;

/** Turns message bytes into a {@link PreparedMessage}: digest, Message-ID and distinct features. */
public final class MessagePreparer {
    private final Tokenizer tokenizer;
    private final MailLimits limits;
    /**
     * One scoring set per thread, emptied per message: a fresh one allocates and zeroes its
     * table every time and grows it again for every long message. Only its hashes (a copy)
     * leave; an explaining set, whose names leave with the message, is made per message. It is
     * emptied as soon as they are copied, which gives up a table a large message grew (see
     * {@link Features#clear}): emptied when its thread's next message began, 8 preparing threads
     * each held one of about 1 MB for as long as they had no other message, at the end of a train
     * of large ones say.
     */
    private final ThreadLocal<Features> reused;

    public MessagePreparer(Tokenizer tokenizer, MailLimits limits) {
        this.tokenizer = tokenizer;
        this.limits = limits;
        this.reused = ThreadLocal.withInitial(() -> new Features(limits.maxTokens()));
    }

    /** For learning, unlearning and anything else that needs the message's ledger identity. */
    public PreparedMessage prepare(byte[] message, boolean keepNames) {
        if (keepNames) {
            Features features = explained(message);
            return new PreparedMessage(ContentDigest.identify(message), features.hashes(), features::name);
        }
        return new PreparedMessage(ContentDigest.identify(message), hashes(message), null);
    }

    /**
     * For learning a message too large to hold: {@code scanned} is what the tokenizer reads of it
     * (its first limits.max-scan-bytes, and one byte more to say there is more), {@code identity}
     * that of the whole, digested as it streamed past.
     */
    public PreparedMessage prepare(byte[] scanned, MessageIdentity identity) {
        return new PreparedMessage(identity, hashes(scanned), null);
    }

    /**
     * For learning a message read from a stream, which may be larger than the heap: only what the
     * tokenizer reads of it is held (limits.max-scan-bytes), the rest digested for its identity as
     * it streams past. The same as {@link #prepare(byte[], boolean)} of it whole, without names.
     *
     * @throws IOException if reading fails, or its header block is longer than limits.max-scan-bytes
     *     (a {@link HeaderTooLong}), so the digest cannot tell its header from its body
     */
    public PreparedMessage prepare(InputStream message) throws IOException {
        int budget = scanBudget();
        byte[] head = message.readNBytes(budget + 1);
        // the thread's reused set gives up the tables a message this large grows once its hashes
        // are copied (8 preparing threads that each kept them ran a 64 MB heap out)
        long[] hashes = hashes(head);
        MessageIdentity identity = head.length <= budget ? ContentDigest.identify(head)
                : ContentDigest.identifyStreamed(head, message).orElseThrow(() -> new HeaderTooLong(budget));
        return new PreparedMessage(identity, hashes, null);
    }

    /**
     * The bytes {@link #prepare(InputStream)} holds of a message, whatever its size: what the
     * tokenizer reads of it and one more. A caller that bounds the raw bytes in preparation counts
     * a streamed message as this much.
     */
    public long streamedHeldBytes() {
        return scanBudget() + 1L;
    }

    private int scanBudget() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE - 16, limits.maxScanBytes()));
    }

    /** A message whose header block is longer than what learning reads: it cannot be learned from a stream. */
    public static final class HeaderTooLong extends IOException {
        HeaderTooLong(int budget) {
            super("its header block is longer than limits.max-scan-bytes (" + budget + " bytes), so it cannot be learned");
        }
    }

    /**
     * For scoring only: the features without the content digest, which only the ledger uses and
     * which cost about 5% of classifying a message.
     */
    public MessageTokens tokens(byte[] message, boolean keepNames) {
        if (keepNames) {
            Features features = explained(message);
            return new Tokens(features.hashes(), features::name);
        }
        return new Tokens(hashes(message), null);
    }

    /** The message's feature hashes, from the thread's reused set, which is left empty. */
    private long[] hashes(byte[] message) {
        Features features = reused.get();
        try {
            tokenizer.tokenize(message, features);
            return features.hashes();
        } finally {
            features.clear();
        }
    }

    /** The message's features with their names, in a set of its own. */
    private Features explained(byte[] message) {
        Features features = Features.explaining(limits.maxTokens());
        tokenizer.tokenize(message, features);
        return features;
    }

    private record Tokens(long[] tokens, LongFunction<String> names) implements MessageTokens {}
}
