package org.bayard.eval;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.train.Learner;
import org.bayard.core.train.MessagePreparer;
import org.bayard.core.train.PreparedMessage;

/**
 * Replays a labelled corpus through the same preparer, scorer and learner the daemon uses. The
 * filter sees only each message's bytes: never its path, never its label before it is scored.
 */
public final class Evaluation {
    private final Supplier<MessagePreparer> preparers;
    private final Supplier<MessageScorer> scorers;
    private final Supplier<TokenStore> freshStores;

    public Evaluation(Supplier<MessagePreparer> preparers, Supplier<MessageScorer> scorers, Supplier<TokenStore> freshStores) {
        this.preparers = preparers;
        this.scorers = scorers;
        this.freshStores = freshStores;
    }

    /**
     * @param progress receives the number of messages done so far
     * @return the scored messages, in corpus order (batch: only the second half)
     */
    public List<ScoredMessage> run(List<LabelledMessage> corpus, Protocol protocol, IntConsumer progress) {
        try (TokenStore store = freshStores.get()) {
            Learner learner = new Learner(store, Clock.systemUTC());
            MessagePreparer preparer = preparers.get();
            MessageScorer scorer = scorers.get();
            List<ScoredMessage> scored = new ArrayList<>(corpus.size());
            int trainUpTo = protocol == Protocol.BATCH ? corpus.size() / 2 : 0;
            for (int i = 0; i < corpus.size(); i++) {
                LabelledMessage m = corpus.get(i);
                PreparedMessage prepared = preparer.prepare(CorpusFiles.read(m), false);
                if (protocol == Protocol.ONLINE || i >= trainUpTo) {
                    try (ReadView view = store.read()) {
                        scored.add(new ScoredMessage(m, scorer.score(prepared, view).logOdds()));
                    }
                }
                if (protocol == Protocol.ONLINE || i < trainUpTo) {
                    learner.learn(prepared, m.label(), LearnSource.EVAL);
                }
                progress.accept(i + 1);
            }
            return scored;
        }
    }

    /** Figures at the given probability cutoffs, which are compared in the scores' log-odds space. */
    public static EvalResult measure(List<ScoredMessage> scored, double hamCutoff, double spamCutoff) {
        double[] scores = new double[scored.size()];
        boolean[] spam = new boolean[scored.size()];
        for (int i = 0; i < scored.size(); i++) {
            scores[i] = scored.get(i).score();
            spam[i] = scored.get(i).message().label() == org.bayard.core.store.MailClass.SPAM;
        }
        return Metrics.compute(scores, spam, logit(hamCutoff), logit(spamCutoff));
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
