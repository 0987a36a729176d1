package org.bayard.spamd;

import java.util.OptionalLong;

/**
 * A request's head: its command, the client's protocol version ({@code SPAMC/1.5} is 15) and the
 * header lines this door acts on. {@code User} is read and not used: there is one store.
 *
 * @param length the {@code Content-length}, the octets that follow the head (compressed ones with zlib)
 * @param mailClass TELL's {@code Message-class}, "spam" or "ham", or null
 * @param set TELL's {@code Set: local}
 * @param remove TELL's {@code Remove: local}
 */
record Request(Command command, int version, OptionalLong length, boolean zlib, String mailClass, boolean set, boolean remove) {
    /** Protocol 1.3 and later take several header lines in an answer and a body without a trailing line end for SYMBOLS. */
    boolean takesHeaders() {
        return version >= 13;
    }

    /** Protocol 1.2 and later take a {@code Content-length} in an answer. */
    boolean takesLength() {
        return version >= 12;
    }
}
