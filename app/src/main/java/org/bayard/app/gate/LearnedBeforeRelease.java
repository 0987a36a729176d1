package org.bayard.app.gate;

import java.io.IOException;
import java.io.InputStream;

/**
 * learn-ham's judgement, remembering that it ran. The ham is learned once the decision holds the
 * item, before the next hop answers; a release the next hop then refuses was told as "it stays
 * held" alone, which the moderator read as "nothing changed" while the store had learned it.
 */
public final class LearnedBeforeRelease implements Quarantine.Judgement {
    private final Quarantine.Judgement learn;
    private volatile boolean learned;

    public LearnedBeforeRelease(Quarantine.Judgement learn) {
        this.learn = learn;
    }

    @Override
    public void apply(InputStream message) throws IOException {
        learn.apply(message);
        learned = true;
    }

    @Override
    public boolean readsMessage() {
        return learn.readsMessage();
    }

    /** A failed release as the moderator is told it: with the learning, when it happened. */
    public IOException told(IOException failure) {
        if (!learned || failure instanceof Quarantine.Taken) return failure;
        return new IOException(failure.getMessage() + "; it was learned as ham all the same (learn-spam would learn it as spam instead)",
                failure);
    }
}
