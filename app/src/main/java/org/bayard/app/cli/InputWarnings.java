package org.bayard.app.cli;

import java.io.PrintStream;
import org.bayard.app.Main;
import org.bayard.app.UserException;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.mailbox.RawMessage;
import org.bayard.core.train.MessageShape;

/**
 * Tells the user, on stderr, when a message was not read whole. The message is still used:
 * a cut-off mailbox should not stop a training run, but nobody should learn of it by accident.
 */
final class InputWarnings {
    private InputWarnings() {}

    static void check(PrintStream err, RawMessage m) {
        check(err, m, true);
    }

    /** As above; without the line for a cut message when {@code cut} is false, for a caller that says in its own words what it does with one. */
    static void check(PrintStream err, RawMessage m, boolean cut) {
        if (m.has(RawMessage.Anomaly.UNTERMINATED)) {
            err.println("bayard: warning: " + Main.oneLine(m.origin()) + ": the mailbox ends in the middle of this message's last line"
                    + " (a truncated copy?); used as read");
        }
        if (m.has(RawMessage.Anomaly.UNCLOSED)) {
            err.println("bayard: warning: " + Main.oneLine(m.origin()) + ": the MMDF mailbox ends before this message's closing delimiter"
                    + " (a truncated copy?); used as read");
        }
        if (m.has(RawMessage.Anomaly.MAILBOX_ON_STDIN)) {
            String sign = MailInputs.startsWithMmdfDelimiter(m.bytes()) ? "MMDF's Ctrl-A delimiter lines" : "a From line after a blank line";
            err.println("bayard: warning: " + Main.oneLine(m.origin()) + ": looks like a mailbox (" + sign + "),"
                    + " but '-' is always one message: to read each message, name the file (or in bash <(command)) instead");
        }
        if (cut && m.has(RawMessage.Anomaly.TRUNCATED)) {
            err.println("bayard: warning: " + Main.oneLine(m.origin()) + ": longer than the message size limit; only its first "
                    + m.bytes().length + " bytes were used");
        }
    }

    /**
     * For a command that copies messages and promises their bytes back (mbox split and collect):
     * a message cut at the size limit as it was read is refused, where it was copied cut with a
     * warning and exit 0.
     */
    static void refuseCut(RawMessage m, String command) {
        if (m.has(RawMessage.Anomaly.TRUNCATED)) {
            throw new UserException(Main.oneLine(m.origin()) + ": longer than the message size limit (" + m.bytes().length
                    + " bytes); " + command + " copies each message whole, so nothing was written");
        }
    }

    /**
     * For a command that scores or tokenizes what it is given, as bogofilter scores any bytes: a
     * file that is no mail message at all (empty, a mail client's index, a binary) is still
     * scored, as filter and serve score whatever arrives, but not silently: learn refuses such a
     * file ("not mail"), and an unsure score of it read as a verdict on a message.
     *
     * @param done what was still done with it ("scored as it is")
     */
    static void notMail(PrintStream err, RawMessage m, String done) {
        MessageShape.problem(m.bytes()).ifPresent(why ->
                err.println("bayard: warning: " + Main.oneLine(m.origin()) + ": " + (why.startsWith("not a mail message") ? why
                        : "not a mail message (" + why + ")") + "; " + done));
    }

    /**
     * For a command that streams a message file too large to hold (trap, learn, unlearn, forget):
     * a message cut as it was read from a mailbox or a pipe, which no stream of it alone can be
     * had for. Used cut it would be another message than the one given (another identity, so a
     * later forget of the whole one misses it), so it is not used, and {@code notDone} ("not
     * learned") says so.
     */
    static void tooLargeToUse(PrintStream err, RawMessage m, String notDone) {
        err.println("bayard: warning: " + Main.oneLine(m.origin()) + ": longer than " + m.bytes().length
                + " bytes, the most a message in a mailbox or a pipe is read; " + notDone + " (save it as a file of its own"
                + " and name that file)");
    }

    /** What a summary adds for {@code count} messages {@link #tooLargeToUse too large to use}, to {@code verb} ("learn"); empty when none. */
    static String tooLargeNote(int count, String verb) {
        if (count == 0) return "";
        return "; " + count + (count == 1 ? " message" : " messages") + " too large to " + verb + " (see the warnings)";
    }
}
