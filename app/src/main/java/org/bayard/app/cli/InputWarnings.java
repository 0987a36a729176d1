package org.bayard.app.cli;

import java.io.PrintStream;
import org.bayard.app.Main;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.mailbox.RawMessage;

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
}
