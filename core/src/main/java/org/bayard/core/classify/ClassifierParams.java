package org.bayard.core.classify;

/**
 * The classifier's knobs. The names and the starting values are SpamBayes' (its
 * {@code [Classifier]} options); see {@link #DEFAULTS} for what was measured.
 *
 * @param unknownWordStrength Robinson's s: how many messages' worth of weight the prior x has
 * @param unknownWordProb Robinson's x: the probability assumed for a token never seen
 * @param minimumProbStrength tokens whose probability is closer than this to 0.5 are ignored
 * @param maxDiscriminators at most this many of the strongest tokens are combined
 * @param maxEvidenceTokens past this many combined tokens, the chi-square sums are scaled down to
 *     this many tokens' worth, so evidence is averaged over a long message rather than piled up
 * @param hamCutoff scores below this are ham
 * @param spamCutoff scores at or above this are spam; in between is unsure
 */
public record ClassifierParams(double unknownWordStrength, double unknownWordProb, double minimumProbStrength,
                               int maxDiscriminators, int maxEvidenceTokens, double hamCutoff, double spamCutoff) {

    /** SpamBayes' defaults (it has no evidence cap: the cap equals the number of discriminators). */
    public static final ClassifierParams SPAMBAYES = new ClassifierParams(0.45, 0.5, 0.1, 150, 150, 0.20, 0.90);

    /**
     * Bayard's defaults, measured with {@code bayard eval} (online protocol, SpamAssassin public
     * corpus, its fixed-shuffle index; 1-ROCA%, lower is better):
     * <ul>
     *   <li>SpamBayes' defaults with this tokenizer: 0.0986.</li>
     *   <li>Combining 300 strongest instead of 150: 0.0715; but the choice then flips on ties at
     *       the 300th place (s = 0.30: 0.066, s = 0.35: 0.117), chaotic on long messages.</li>
     *   <li>Every token past a minimum strength (bogofilter's way) with sums scaled to at most 150
     *       tokens' worth: stable across s = 0.3 to 0.4 and strength 0.25 to 0.35 (0.064 to
     *       0.066); with s = 0.3 and strength 0.3: 0.0648, hm% 0.05 at the cutoffs below.
     *       Batch protocol with the same settings: 0.0295 (SpamBayes' defaults: 0.0377).</li>
     *   <li>Without the gap-2 word pairs (see the tokenizer's {@code WordPairs}), strength 0.31:
     *       0.0571, hm% 0.00, sm% 10.60; strengths 0.31 to 0.34 with s = 0.3 and 150 or 200
     *       tokens' worth all did better than the settings before on every figure (0.0571 to
     *       0.0613), 0.3 let one more ham through (hm% 0.07). Batch 0.0175, 10-fold 0.0226.</li>
     * </ul>
     */
    public static final ClassifierParams DEFAULTS = new ClassifierParams(0.3, 0.5, 0.31, 20_000, 150, 0.20, 0.90);

    public ClassifierParams {
        check(unknownWordStrength > 0 && unknownWordStrength < Double.POSITIVE_INFINITY,
                "unknown-word-strength must be a finite number > 0: " + unknownWordStrength);
        check(unknownWordProb > 0 && unknownWordProb < 1, "unknown-word-prob must be in (0,1): " + unknownWordProb);
        check(minimumProbStrength >= 0 && minimumProbStrength < 0.5,
                "minimum-prob-strength must be in [0,0.5): " + minimumProbStrength);
        check(maxDiscriminators > 0, "max-discriminators must be > 0: " + maxDiscriminators);
        check(maxEvidenceTokens > 0, "max-evidence-tokens must be > 0: " + maxEvidenceTokens);
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
