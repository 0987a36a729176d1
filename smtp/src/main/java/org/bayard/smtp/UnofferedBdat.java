package org.bayard.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BDAT from a client though the gate offers no CHUNKING (it takes messages with DATA only). The
 * chunk's octets follow the command at once (RFC 3030), so refusing the command alone would
 * leave them to be read as commands: a client, or a smuggler, sending {@code BDAT 40} and forty
 * octets of {@code MAIL FROM:...} would have them run. The session reads the declared octets
 * off and drops them, then refuses; when the size cannot be read, or is past any message the
 * gate takes, where the chunk ends is not known and the session closes.
 */
final class UnofferedBdat {
    /** {@code BDAT chunk-size [LAST]}: up to 18 digits, so that any size fits a long. */
    private static final Pattern ARGUMENT = Pattern.compile("([0-9]{1,18})(?: +LAST)?", Pattern.CASE_INSENSITIVE);

    private UnofferedBdat() {}

    /** The chunk's size declared by BDAT's argument; empty when the argument is not one. */
    static OptionalLong chunkSize(String argument) {
        Matcher m = ARGUMENT.matcher(argument);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Reads {@code octets} bytes off {@code in} and drops them; false when the client left first. */
    static boolean skip(InputStream in, long octets) throws IOException {
        try {
            in.skipNBytes(octets);
            return true;
        } catch (EOFException e) {
            return false;
        }
    }
}
