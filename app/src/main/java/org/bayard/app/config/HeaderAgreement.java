package org.bayard.app.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.policy.Action;
import org.bayard.core.policy.BayesSymbol;
import org.bayard.core.policy.PolicyParams;

/**
 * Keys that work but make the X-Spam-* fields tell a postmaster two stories. Not errors: the
 * fields themselves always agree (Yes exactly when score >= required), but what the classifier
 * calls spam, or what the policy tags, then differs from what they say. {@code config check}
 * prints each as a warning naming the keys.
 */
public final class HeaderAgreement {
    private HeaderAgreement() {}

    public static List<String> warnings(BayardConfig config) {
        List<String> warnings = new ArrayList<>();
        cutoffAgainstPoints(config.classifier(), config.policy()).ifPresent(warnings::add);
        unsureTagged(config.classifier(), config.policy()).ifPresent(warnings::add);
        return warnings;
    }

    /**
     * bayard filter flags mail whose Bayes band's points reach hold-score, and classifies it spam
     * at spam-cutoff: the two agree only when the first band that reaches the hold score starts
     * at the cutoff (the defaults: BAYES_90, 5 points, from 0.90).
     */
    private static java.util.Optional<String> cutoffAgainstPoints(ClassifierParams c, PolicyParams p) {
        List<BayesSymbol> bands = p.bayesBands();
        for (int i = 0; i < bands.size(); i++) {
            BayesSymbol band = bands.get(i);
            double upper = i + 1 < bands.size() ? bands.get(i + 1).lowerBound() : Double.POSITIVE_INFINITY;
            boolean flagged = band.points() >= p.holdScore();
            boolean flaggedBelowCutoff = flagged && band.lowerBound() < c.spamCutoff();
            boolean spamNotFlagged = !flagged && c.spamCutoff() < upper;
            if (flaggedBelowCutoff || spamNotFlagged) {
                return java.util.Optional.of(fmt("policy.bayes-points %s (%.1f, from p=%s) is %s policy.hold-score %.1f but the band "
                                + "is %s classifier.spam-cutoff %s: bayard filter's X-Spam-Flag (score >= required) and its "
                                + "X-Bayard-Classification and --exit-code disagree there; move the band's points or the cutoff",
                        band.name(), band.points(), band.lowerBound(), flagged ? "at or above" : "below", p.holdScore(),
                        flaggedBelowCutoff ? "below" : "not below", c.spamCutoff()));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * unsure-action tag flags Bayes-unsure mail X-Spam-Flag: YES whatever its score, so when an
     * unsure band has fewer points than tag-score, the gate writes "Yes, score=1.5 required=5.0".
     */
    private static java.util.Optional<String> unsureTagged(ClassifierParams c, PolicyParams p) {
        if (p.unsureAction() != Action.TAG) return java.util.Optional.empty();
        List<BayesSymbol> bands = p.bayesBands();
        for (int i = 0; i < bands.size(); i++) {
            BayesSymbol band = bands.get(i);
            double upper = i + 1 < bands.size() ? bands.get(i + 1).lowerBound() : Double.POSITIVE_INFINITY;
            boolean unsure = band.lowerBound() < c.spamCutoff() && c.hamCutoff() < upper;
            if (unsure && band.points() < p.tagScore()) {
                return java.util.Optional.of(fmt("policy.unsure-action tag flags Bayes-unsure mail X-Spam-Flag: YES, but "
                                + "policy.bayes-points %s (%.1f) is below policy.tag-score %.1f: its X-Spam-Status reads "
                                + "'Yes, score=%.1f required=%.1f'; use unsure-action hold or accept, or give unsure bands tag-score points",
                        band.name(), band.points(), p.tagScore(), band.points(), p.tagScore()));
            }
        }
        return java.util.Optional.empty();
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
