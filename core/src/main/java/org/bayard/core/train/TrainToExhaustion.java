package org.bayard.core.train;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.classify.Verdict;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;

/**
 * Train to exhaustion (Gary Robinson's name; SpamBayes' {@code tte.py}): build a model from a
 * ham pile and a spam pile by training only the messages it gets wrong, in rounds, until a
 * round gets nothing wrong. The model ends up holding the messages that were needed to tell
 * the piles apart, which keeps it small and keeps one class's bulk from swamping the other.
 *
 * <p>A <em>miss</em> is a message the model, as it stands when the message's turn comes, does
 * not put in its own class at the configured cutoffs: ham must score below the ham cutoff,
 * spam at or above the spam cutoff; unsure is a miss for both (as in SpamBayes' tte).
 *
 * <p>Where this differs from SpamBayes: the model keeps a ledger, and a message counts once
 * (so {@code forget} and relearning stay exact). SpamBayes trains a message again each round it
 * misses; here a message trained in an earlier round that misses again is reported as a miss
 * but cannot be trained again. A round that trains nothing new therefore ends the run
 * ({@link Ending#STALLED}): the next round would see the same model and the same misses.
 *
 * <p>The model store should start empty; this class learns into it through the {@link Learner}
 * with source {@link LearnSource#MANUAL} (a person chose the piles).
 */
public final class TrainToExhaustion {
    private final MessageScorer scorer;
    private final LongSupplier nanoTime;

    /** How a run ended. */
    public enum Ending { CONVERGED, STALLED, ROUND_LIMIT }

    /** One message the model got wrong in a round. */
    public record Miss(MailClass mailClass, int index, boolean trainedBefore) {}

    /**
     * One round: every message scored once, in {@link Interleaving} order.
     *
     * @param trained messages newly trained this round
     */
    public record Round(int number, int messages, int hamMisses, int spamMisses, int trained, long nanos,
                        List<Miss> misses) {
        public Round {
            misses = List.copyOf(misses);
        }

        public double seconds() {
            return nanos / 1e9;
        }
    }

    /** @param trainedHam indexes into the ham pile of the messages the model holds; likewise spam */
    public record Result(List<Round> rounds, BitSet trainedHam, BitSet trainedSpam, Ending ending) {
        public Round last() {
            return rounds.get(rounds.size() - 1);
        }

        public BitSet trained(MailClass mailClass) {
            return (BitSet) (mailClass == MailClass.HAM ? trainedHam : trainedSpam).clone();
        }
    }

    public TrainToExhaustion(MessageScorer scorer, LongSupplier nanoTime) {
        this.scorer = Objects.requireNonNull(scorer);
        this.nanoTime = Objects.requireNonNull(nanoTime);
    }

    /**
     * Runs rounds until one has no misses, one trains nothing new, or {@code maxRounds} ran.
     *
     * @param ham the ham pile; no digest may appear twice across both piles (a duplicate could
     *     never be trained, and one in both piles would move between classes every round)
     * @param model where the model is built; {@code learner} must learn into it
     * @param onRound told about each round as it ends, for progress lines
     */
    public Result run(List<PreparedMessage> ham, List<PreparedMessage> spam, TokenStore model, Learner learner,
                      int maxRounds, Consumer<Round> onRound) {
        if (maxRounds < 1) throw new IllegalArgumentException("the round limit must be at least 1, got " + maxRounds);
        requireDistinct(ham, spam);
        MailClass[] order = Interleaving.order(ham.size(), spam.size());
        BitSet trainedHam = new BitSet(ham.size());
        BitSet trainedSpam = new BitSet(spam.size());
        List<Round> rounds = new ArrayList<>();
        ClassifierParams params = scorer.params();
        for (int number = 1; number <= maxRounds; number++) {
            long start = nanoTime.getAsLong();
            List<Miss> misses = new ArrayList<>();
            int hamMisses = 0;
            int spamMisses = 0;
            int trained = 0;
            int nextHam = 0;
            int nextSpam = 0;
            for (MailClass mailClass : order) {
                boolean isHam = mailClass == MailClass.HAM;
                int index = isHam ? nextHam++ : nextSpam++;
                PreparedMessage message = (isHam ? ham : spam).get(index);
                Verdict wanted = isHam ? Verdict.HAM : Verdict.SPAM;
                if (params.verdict(probability(message, model)) == wanted) continue;
                BitSet done = isHam ? trainedHam : trainedSpam;
                boolean before = done.get(index);
                misses.add(new Miss(mailClass, index, before));
                if (isHam) hamMisses++;
                else spamMisses++;
                if (!before && learner.learn(message, mailClass, LearnSource.MANUAL).changed()) {
                    done.set(index);
                    trained++;
                }
            }
            Round round = new Round(number, order.length, hamMisses, spamMisses, trained,
                    nanoTime.getAsLong() - start, misses);
            rounds.add(round);
            onRound.accept(round);
            if (misses.isEmpty()) return new Result(rounds, trainedHam, trainedSpam, Ending.CONVERGED);
            if (trained == 0) return new Result(rounds, trainedHam, trainedSpam, Ending.STALLED);
        }
        return new Result(rounds, trainedHam, trainedSpam, Ending.ROUND_LIMIT);
    }

    private double probability(PreparedMessage message, TokenStore model) {
        try (ReadView view = model.read()) {
            return scorer.score(message, view).probability();
        }
    }

    private static void requireDistinct(List<PreparedMessage> ham, List<PreparedMessage> spam) {
        Map<Digest, String> seen = new HashMap<>();
        check(ham, "ham", seen);
        check(spam, "spam", seen);
    }

    private static void check(List<PreparedMessage> pile, String name, Map<Digest, String> seen) {
        for (int i = 0; i < pile.size(); i++) {
            String here = name + " " + i;
            String earlier = seen.putIfAbsent(pile.get(i).identity().digest(), here);
            if (earlier != null) {
                throw new IllegalArgumentException("the same message is " + earlier + " and " + here
                        + "; remove duplicates before training to exhaustion");
            }
        }
    }
}
