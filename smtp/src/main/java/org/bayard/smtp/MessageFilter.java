package org.bayard.smtp;

import java.io.IOException;

/**
 * The policy side of the gate, supplied by the application. Called on the connection's thread.
 * An {@link IOException} (store, disk) or any other exception makes the session answer 451: our
 * own failure is never a 5xx.
 */
public interface MessageFilter {

    /** Decides on a complete message. {@code message} stays readable until this returns. */
    FilterResult filter(Envelope envelope, SpooledMessage message) throws IOException;

    /** Told once per message (also for refused ones) with the reply the client got, for the log. */
    default void finished(Envelope envelope, FilterResult result, Reply reply, long nanos) {}
}
