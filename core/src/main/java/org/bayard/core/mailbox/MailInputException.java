package org.bayard.core.mailbox;

/**
 * A path the user named cannot be read: it does not exist, is not readable, or is not a valid
 * path at all. This is the caller's mistake, so the message names the path and the reason in
 * words a user can act on ({@code cannot read /x/y: no such file}); a command line maps it to
 * exit code 1.
 *
 * <p>Unchecked because it surfaces from {@link java.util.Iterator#next()} and stream
 * operations, where a checked exception cannot travel. It is thrown when iteration reaches the
 * path, so everything before it has been yielded already; callers that want nothing done at all
 * on a bad path call {@link MailInputs#checkPaths()} first.
 *
 * <p>An I/O failure while reading a file that opened fine is the environment's fault, not the
 * caller's, and surfaces as {@link java.io.UncheckedIOException} instead.
 */
public final class MailInputException extends RuntimeException {

    private final String path;

    public MailInputException(String path, String reason) {
        super("cannot read " + path + ": " + reason);
        this.path = path;
    }

    /** The path as the user typed it, or as it was found inside a directory the user named. */
    public String path() {
        return path;
    }
}
