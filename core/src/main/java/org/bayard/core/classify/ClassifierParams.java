package org.bayard.core.classify;

/**
 * The classifier's knobs. The names and the starting values are SpamBayes' (its
 * {@code [Classifier]} options); see {@link #DEFAULTS} for what was measured.
 *
 * @param unknownWordStrength Robinson's s: how many messages' worth of weight the prior x has
 * @param unknownWordProb Robinson's x: the probability assumed for a token never seen
 * @param minimumProbStrength tokens whose probability is closer than this to 0.5 are ignored
 * @param maxDiscriminators at most this many of the strongest tokens are combined
 * @param hamCutoff scores below this are ham
 * @param spamCutoff scores at or above this are spam; in between is unsure
 */
public record ClassifierParams(double unknownWordStrength, double unknownWordProb, double minimumProbStrength,
                               int maxDiscriminators, double hamCutoff, double spamCutoff) {

    /** SpamBayes' defaults. */
    public static final ClassifierParams SPAMBAYES = new ClassifierParams(0.45, 0.5, 0.1, 150, 0.20, 0.90);

    public static final ClassifierParams DEFAULTS = SPAMBAYES;

    public ClassifierParams {
        check(unknownWordStrength > 0, "unknown-word-strength must be > 0: " + unknownWordStrength);
        check(unknownWordProb > 0 && unknownWordProb < 1, "unknown-word-prob must be in (0,1): " + unknownWordProb);
        check(minimumProbStrength >= 0 && minimumProbStrength < 0.5,
                "minimum-prob-strength must be in [0,0.5): " + minimumProbStrength);
        check(maxDiscriminators > 0, "max-discriminators must be > 0: " + maxDiscriminators);
        check(hamCutoff >= 0 && hamCutoff <= spamCutoff && spamCutoff <= 1,
                "cutoffs must satisfy 0 <= ham-cutoff <= spam-cutoff <= 1: " + hamCutoff + ", " + spamCutoff);
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    public Verdict verdict(double probability) {
        if (probability >= spamCutoff) return Verdict.SPAM;
        if (probability < hamCutoff) return Verdict.HAM;
        return Verdict.UNSURE;
    }
}
