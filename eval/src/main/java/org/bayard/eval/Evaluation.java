package org.bayard.eval;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.classify.Score;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.StoreStats;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.train.Learner;
import org.bayard.core.train.MessagePreparer;
import org.bayard.core.train.PreparedMessage;
import org.bayard.core.train.TrainToExhaustion;

/**
 * Replays a labelled corpus through the same preparer, scorer and learner the daemon uses. The
 * filter sees only each message's bytes: never its path, never its label before it is scored.
 */
public final class Evaluation {
    /** The round limit, as bayard tte's default. */
    static final int TTE_MAX_ROUNDS = 10;

    private final Supplier<MessagePreparer> preparers;
    private final Supplier<MessageScorer> scorers;
    private final Supplier<TokenStore> freshStores;
    private final long maxScanBytes;

    /** @param maxScanBytes how much of a message the preparers look at: no more of a file is read */
    public Evaluation(Supplier<MessagePreparer> preparers, Supplier<MessageScorer> scorers, Supplier<TokenStore> freshStores,
                      long maxScanBytes) {
        this.preparers = preparers;
        this.scorers = scorers;
        this.freshStores = freshStores;
        this.maxScanBytes = maxScanBytes;
    }

    /**
     * @param progress receives the number of messages done so far
     * @return the scored messages, in corpus order (batch: only the second half)
     */
    public List<ScoredMessage> run(List<LabelledMessage> corpus, Protocol protocol, IntConsumer progress) {
        return run(corpus, protocol, progress, stats -> { });
    }

    /** As {@link #run(List, Protocol, IntConsumer)}, telling {@code model} the size of the model that scored. */
    public List<ScoredMessage> run(List<LabelledMessage> corpus, Protocol protocol, IntConsumer progress,
                                   Consumer<StoreStats> model) {
        if (protocol == Protocol.BATCH_TTE) return runBatchTte(corpus, progress, model);
        try (TokenStore store = freshStores.get()) {
            Learner learner = new Learner(store, Clock.systemUTC());
            MessagePreparer preparer = preparers.get();
            MessageScorer scorer = scorers.get();
            List<ScoredMessage> scored = new ArrayList<>(corpus.size());
            int trainUpTo = protocol == Protocol.BATCH ? corpus.size() / 2 : 0;
            for (int i = 0; i < corpus.size(); i++) {
                LabelledMessage m = corpus.get(i);
                PreparedMessage prepared = preparer.prepare(CorpusFiles.read(m, maxScanBytes), false);
                if (protocol == Protocol.ONLINE || i >= trainUpTo) {
                    try (ReadView view = store.read()) {
                        scored.add(scored(m, scorer.score(prepared, view)));
                    }
                }
                if (protocol == Protocol.ONLINE || i < trainUpTo) {
                    learner.learn(prepared, m.label(), LearnSource.EVAL);
                }
                progress.accept(i + 1);
            }
            model.accept(store.stats());
            return scored;
        }
    }

    /**
     * Batch, but the first half is trained to exhaustion (only the messages the model gets wrong,
     * round after round) instead of trained whole: shows what a TTE model gives up, and saves.
     * A message whose content appears twice is kept once, as {@code bayard tte} does.
     */
    private List<ScoredMessage> runBatchTte(List<LabelledMessage> corpus, IntConsumer progress, Consumer<StoreStats> model) {
        int half = corpus.size() / 2;
        MessagePreparer preparer = preparers.get();
        List<PreparedMessage> ham = new ArrayList<>(), spam = new ArrayList<>();
        Set<Digest> seen = new HashSet<>();
        for (int i = 0; i < half; i++) {
            LabelledMessage m = corpus.get(i);
            PreparedMessage prepared = preparer.prepare(CorpusFiles.read(m, maxScanBytes), false);
            if (seen.add(prepared.identity().digest())) (m.label() == MailClass.HAM ? ham : spam).add(prepared);
            progress.accept(i + 1);
        }
        try (TokenStore store = freshStores.get()) {
            MessageScorer scorer = scorers.get();
            new TrainToExhaustion(scorer, System::nanoTime)
                    .run(ham, spam, store, new Learner(store, Clock.systemUTC()), TTE_MAX_ROUNDS, round -> { });
            List<ScoredMessage> scored = new ArrayList<>(corpus.size() - half);
            for (int i = half; i < corpus.size(); i++) {
                LabelledMessage m = corpus.get(i);
                PreparedMessage prepared = preparer.prepare(CorpusFiles.read(m, maxScanBytes), false);
                try (ReadView view = store.read()) {
                    scored.add(scored(m, scorer.score(prepared, view)));
                }
                progress.accept(i + 1);
            }
            model.accept(store.stats());
            return scored;
        }
    }

    static ScoredMessage scored(LabelledMessage m, Score score) {
        return new ScoredMessage(m, score.logOdds(), score.probability());
    }

    /** Figures at the given probability cutoffs, compared with each message's probability as the filter computed it. */
    public static EvalResult measure(List<ScoredMessage> scored, double hamCutoff, double spamCutoff) {
        double[] scores = new double[scored.size()];
        boolean[] spam = new boolean[scored.size()];
        for (int i = 0; i < scored.size(); i++) {
            scores[i] = scored.get(i).score();
            spam[i] = scored.get(i).message().label() == MailClass.SPAM;
        }
        return measure(scores, probabilities(scored), spam, hamCutoff, spamCutoff);
    }

    /** The probabilities of scored messages, as the filter computed them. */
    public static double[] probabilities(List<ScoredMessage> scored) {
        return scored.stream().mapToDouble(ScoredMessage::probability).toArray();
    }

    /**
     * Figures of log-odds scores at the given probability cutoffs. AUC and sm% at hm 0.1% take the
     * order of the log-odds, which keeps apart what the probability rounds to a tie; hm%, sm%,
     * lam% and unsure% compare the probability with the cutoffs, as the filter does (and as the
     * cutoffs by cost do). Compared as log-odds, a spam cutoff of 1 was logit(1) = infinity and
     * called nothing spam, while the filter calls spam every message whose probability is 1.
     */
    public static EvalResult measure(double[] logOdds, boolean[] spam, double hamCutoff, double spamCutoff) {
        return measure(logOdds, probabilities(logOdds), spam, hamCutoff, spamCutoff);
    }

    /**
     * {@link #measure(double[], boolean[], double, double)} with the probabilities the filter
     * computed: below about 1e-16 its probability is 0 where the one rebuilt from the log-odds is
     * not, and at a ham cutoff of 1e-30 eval counted as unsure 22 messages of 508 the filter calls ham.
     */
    public static EvalResult measure(double[] logOdds, double[] probabilities, boolean[] spam, double hamCutoff, double spamCutoff) {
        EvalResult order = Metrics.compute(logOdds, spam, logit(hamCutoff), logit(spamCutoff));
        EvalResult cut = Metrics.compute(probabilities, spam, hamCutoff, spamCutoff);
        return new EvalResult(order.n(), order.ham(), order.spam(), order.auc(), cut.hmPercent(), cut.smPercent(),
                cut.lamPercent(), order.smAtHm01Percent(), cut.unsurePercent());
    }

    /** A probability as log-odds, the scale of {@link ScoredMessage#score()}. */
    public static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    /** Log-odds back to a probability, for comparisons with cutoffs. */
    public static double probability(double logOdds) {
        return 1 / (1 + Math.exp(-logOdds));
    }

    /** Every score of a log-odds array as a probability. */
    public static double[] probabilities(double[] logOdds) {
        double[] p = new double[logOdds.length];
        for (int i = 0; i < p.length; i++) p[i] = probability(logOdds[i]);
        return p;
    }
}
