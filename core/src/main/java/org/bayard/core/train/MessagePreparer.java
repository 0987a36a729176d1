package org.bayard.core.train;

import org.bayard.core.mail.MailLimits;
import org.bayard.core.token.Features;
import org.bayard.core.token.Tokenizer;

/** Turns message bytes into a {@link PreparedMessage}: digest, Message-ID and distinct features. */
public final class MessagePreparer {
    private final Tokenizer tokenizer;
    private final MailLimits limits;

    public MessagePreparer(Tokenizer tokenizer, MailLimits limits) {
        this.tokenizer = tokenizer;
        this.limits = limits;
    }

    public PreparedMessage prepare(byte[] message, boolean keepNames) {
        Features features = keepNames ? Features.explaining(limits.maxTokens()) : new Features(limits.maxTokens());
        tokenizer.tokenize(message, features);
        return new PreparedMessage(ContentDigest.identify(message), features.hashes(), keepNames ? features::name : null);
    }
}
