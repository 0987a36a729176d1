package org.bayard.app.cli;

import java.util.List;
import org.bayard.app.Main;
import org.bayard.core.mailbox.MailInputs;

/**
 * The exit codes of {@code bayard trap} reading standard input ({@code -}), as a trap address's
 * alias ({@code "|bayard trap --spam -"}) or a Postfix pipe(8) transport runs it. Why a class of
 * its own: the mail system reads the code, not our words. Postfix's local(8) and pipe(8) bounce
 * an exit of 1 back to the reporter, so a full disk or a damaged store lost reports; sysexits'
 * 75 (EX_TEMPFAIL) makes them keep the message and try again, and 64 and 65 say why one bounced.
 * Runs on files keep the codes scripts have always read (0, 1, 2).
 */
public final class TrapPipeExits {
    /** Learned, already known or relearned: done. */
    public static final int OK = Main.EXIT_OK;
    /** EX_USAGE: the command line is wrong; the mail system returns the message. */
    public static final int USAGE = 64;
    /** EX_DATAERR: nothing in the message was mail to learn (empty, not a mail message). */
    public static final int DATA = 65;
    /** EX_TEMPFAIL: the store, the disk or the system failed; the mail system keeps the message and tries again. */
    public static final int TEMPORARY = 75;

    private TrapPipeExits() {}

    /** Whether {@code args} run {@code trap} with standard input among its paths. */
    public static boolean applies(String... args) {
        List<String> all = List.of(args);
        return !all.isEmpty() && all.getFirst().equals("trap") && all.contains(MailInputs.STDIN_ARGUMENT);
    }

    /**
     * The code for the mail system of a run that would have ended with {@code code}: a usage
     * error is 64, a bug stays 70 (EX_SOFTWARE, with its trace), what trap already says in
     * sysexits stays, and every other failure (1: the store, the disk, the configuration, no
     * temporary copy, out of memory, a receipt that could not be written) is 75.
     */
    public static int of(int code) {
        return switch (code) {
            case Main.EXIT_OK, DATA, Main.EXIT_BUG -> code;
            case Main.EXIT_USAGE -> USAGE;
            default -> TEMPORARY;
        };
    }
}
