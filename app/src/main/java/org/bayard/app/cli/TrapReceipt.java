package org.bayard.app.cli;

import org.bayard.app.Main;
import org.bayard.core.store.MailClass;
import org.bayard.core.train.LearnOutcome;
import org.bayard.core.train.TrapLearner;

/**
 * What {@code bayard trap} tells the person who reported mail: how many messages were learned,
 * how many the store already knew, how many moved class, and each refusal with its reason.
 * Synchronized: an {@link InterruptNotice} reads the summary from the shutdown hook's thread.
 */
final class TrapReceipt {
    private final MailClass mailClass;
    private int trapMessages;
    private int learned;
    private int known;
    private int relearned;
    private int refused;

    TrapReceipt(MailClass mailClass) {
        this.mailClass = mailClass;
    }

    /** Called once per message sent to the trap, before its parts. */
    synchronized void trapMessage() {
        trapMessages++;
    }

    /** Counts one part and returns its line: {@code fwd.eml attachment 2 (message/rfc822) <id>: learned}. */
    synchronized String add(String origin, TrapLearner.Result r) {
        // a file name (or a Message-ID, the sender's text) must not drive the reader's terminal
        String where = Main.oneLine(origin + " " + r.where() + (r.messageId().isEmpty() ? "" : " " + r.messageId()));
        if (r.refused()) {
            refused++;
            return "refused: " + where + ": " + r.problem();
        }
        LearnOutcome o = r.outcome();
        switch (o.kind()) {
            case LEARNED -> learned++;
            case ALREADY_LEARNED -> known++;
            case RELEARNED -> relearned++;
            default -> refused++;
        }
        String said = o.kind() == LearnOutcome.Kind.ALREADY_LEARNED ? "already known" : o.describe();
        return (o.kind() == LearnOutcome.Kind.REFUSED ? "refused: " : "") + where + ": " + said;
    }

    /** Whether every part was refused: nothing in what was reported was mail to learn. */
    synchronized boolean allRefused() {
        return refused > 0 && learned + known + relearned == 0;
    }

    synchronized String summary() {
        int messages = learned + known + relearned + refused;
        return "trap " + mailClass.label() + ": " + messages + (messages == 1 ? " message" : " messages") + " in "
                + trapMessages + (trapMessages == 1 ? " trap message" : " trap messages") + ": " + learned + " learned, "
                + known + " already known, " + relearned + " relearned, " + refused + " refused";
    }
}
