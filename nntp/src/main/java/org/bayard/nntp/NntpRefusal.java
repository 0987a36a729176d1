package org.bayard.nntp;

import java.io.IOException;

/** The news server answered, but not as the step needs (no such group, authentication refused): its reply says why. */
public final class NntpRefusal extends IOException {
    private final NntpReply reply;

    NntpRefusal(String step, NntpReply reply) {
        super(step + ": the news server answered " + Printable.of(reply.toString()));
        this.reply = reply;
    }

    public NntpReply reply() {
        return reply;
    }
}
