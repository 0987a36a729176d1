package org.bayard.core.train;

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
     * leave; an explaining set, whose names leave with the message, is made per message.
     */
    private final ThreadLocal<Features> reused;

    public MessagePreparer(Tokenizer tokenizer, MailLimits limits) {
        this.tokenizer = tokenizer;
        this.limits = limits;
        this.reused = ThreadLocal.withInitial(() -> new Features(limits.maxTokens()));
    }

    /** For learning, unlearning and anything else that needs the message's ledger identity. */
    public PreparedMessage prepare(byte[] message, boolean keepNames) {
        Features features = tokenize(message, keepNames);
        return new PreparedMessage(ContentDigest.identify(message), features.hashes(), names(features, keepNames));
    }

    /**
     * For learning a message too large to hold: {@code scanned} is what the tokenizer reads of it
     * (its first limits.max-scan-bytes, and one byte more to say there is more), {@code identity}
     * that of the whole, digested as it streamed past.
     */
    public PreparedMessage prepare(byte[] scanned, MessageIdentity identity) {
        return new PreparedMessage(identity, tokenize(scanned, false).hashes(), null);
    }

    /**
     * For scoring only: the features without the content digest, which only the ledger uses and
     * which cost about 5% of classifying a message.
     */
    public MessageTokens tokens(byte[] message, boolean keepNames) {
        Features features = tokenize(message, keepNames);
        return new Tokens(features.hashes(), names(features, keepNames));
    }

    private Features tokenize(byte[] message, boolean keepNames) {
        Features features;
        if (keepNames) {
            features = Features.explaining(limits.maxTokens());
        } else {
            features = reused.get();
            features.clear();
        }
        tokenizer.tokenize(message, features);
        return features;
    }

    private static LongFunction<String> names(Features features, boolean keepNames) {
        return keepNames ? features::name : null;
    }

    private record Tokens(long[] tokens, LongFunction<String> names) implements MessageTokens {}
}
