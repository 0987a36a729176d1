package org.bayard.smtp;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BDAT's argument (RFC 3030): the size of the chunk whose octets follow the command at once, and
 * whether it is the message's last. Where the chunk ends is known only from that size: a command
 * whose size cannot be read leaves the session out of step, and it closes.
 *
 * @param size the chunk's octets
 * @param last whether the message ends with this chunk
 */
record BdatCommand(long size, boolean last) {
    /** {@code BDAT chunk-size [LAST]}: up to 18 digits, so that any size fits a long. */
    private static final Pattern ARGUMENT = Pattern.compile("([0-9]{1,18})( +LAST)?", Pattern.CASE_INSENSITIVE);

    /** Reads {@code octets} bytes off {@code in} and drops them; false when the client left first. */
    static boolean skip(java.io.InputStream in, long octets) throws java.io.IOException {
        try {
            in.skipNBytes(octets);
            return true;
        } catch (java.io.EOFException e) {
            return false;
        }
    }

    /** The command of BDAT's argument; empty when the argument is not one. */
    static Optional<BdatCommand> parse(String argument) {
        Matcher m = ARGUMENT.matcher(argument);
        return m.matches() ? Optional.of(new BdatCommand(Long.parseLong(m.group(1)), m.group(2) != null)) : Optional.empty();
    }
}
