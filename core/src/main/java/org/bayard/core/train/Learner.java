package org.bayard.core.train;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.WriteView;
import org.bayard.core.train.LearnOutcome.Kind;

/**
 * Learning through the ledger, so that it is idempotent and reversible:
 * <ul>
 *   <li>a message already learned in the same class changes nothing;</li>
 *   <li>a message learned in the other class is unlearned from it first ("relearned");</li>
 *   <li>the machine ({@link LearnSource#AUTOLEARN}) never overrides a person's decision;</li>
 *   <li>counts, totals and the ledger entry change in one store transaction.</li>
 * </ul>
 * The decision is taken inside the write transaction, so two processes learning the same
 * message at once cannot both count it.
 */
public final class Learner {
    private final TokenStore store;
    private final Clock clock;

    public Learner(TokenStore store, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
    }

    public LearnOutcome learn(PreparedMessage message, MailClass mailClass, LearnSource source) {
        return store.write(view -> learn(view, message, mailClass, source));
    }

    /** Learns within a write the caller already holds, so bulk loads can batch many messages per transaction. */
    public LearnOutcome learn(WriteView view, PreparedMessage message, MailClass mailClass, LearnSource source) {
        MessageIdentity id = message.identity();
        Optional<LedgerEntry> existing = view.ledgerEntry(id.digest());
        LedgerEntry entry = new LedgerEntry(id.digest(), id.messageId(), mailClass, source, clock.instant());
        if (existing.isEmpty()) {
            count(view, message, mailClass, +1);
            view.putLedgerEntry(entry);
            return LearnOutcome.of(Kind.LEARNED);
        }
        LedgerEntry old = existing.get();
        if (old.mailClass() == mailClass) {
            if (source.isHuman() && !old.source().isHuman()) {
                view.putLedgerEntry(entry); // a person confirmed the machine: autolearn may no longer move it
            }
            return LearnOutcome.of(Kind.ALREADY_LEARNED, old.mailClass());
        }
        if (source == LearnSource.AUTOLEARN && old.source().isHuman()) {
            return LearnOutcome.of(Kind.REFUSED, old.mailClass());
        }
        count(view, message, old.mailClass(), -1);
        count(view, message, mailClass, +1);
        view.putLedgerEntry(entry);
        return LearnOutcome.of(Kind.RELEARNED, old.mailClass());
    }

    /**
     * Takes a learned message out of the counts and the ledger.
     *
     * @param expected when present, only unlearn if the message was learned as this class
     */
    public LearnOutcome unlearn(PreparedMessage message, Optional<MailClass> expected) {
        return store.write(view -> unlearn(view, message, expected));
    }

    public LearnOutcome unlearn(WriteView view, PreparedMessage message, Optional<MailClass> expected) {
        Optional<LedgerEntry> existing = view.ledgerEntry(message.identity().digest());
        if (existing.isEmpty()) return LearnOutcome.of(Kind.NOT_LEARNED);
        MailClass was = existing.get().mailClass();
        if (expected.isPresent() && expected.get() != was) return LearnOutcome.of(Kind.WRONG_CLASS, was);
        count(view, message, was, -1);
        view.removeLedgerEntry(message.identity().digest());
        return LearnOutcome.of(Kind.UNLEARNED, was);
    }

    private static void count(WriteView view, PreparedMessage message, MailClass mailClass, int delta) {
        long[] tokens = message.tokens();
        if (mailClass == MailClass.HAM) {
            view.addCounts(tokens, tokens.length, delta, 0);
            view.addTotals(delta, 0);
        } else {
            view.addCounts(tokens, tokens.length, 0, delta);
            view.addTotals(0, delta);
        }
    }
}
