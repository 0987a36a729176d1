package org.bayard.core.train;

import java.util.function.LongFunction;

/**
 * What scoring needs of a message: its distinct feature hashes and, when explaining, their
 * names. A {@link PreparedMessage} is one; {@link MessagePreparer#tokens} makes one without the
 * ledger identity, for callers that only score.
 */
public interface MessageTokens {

    long[] tokens();

    /** Names features for clues; {@code null} when names were not kept (the fast path). */
    LongFunction<String> names();
}
