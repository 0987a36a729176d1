package org.bayard.core.train;

/**
 * When autolearn may teach the classifier by itself (see {@link Autolearn}).
 *
 * @param enabled off by default: a site turns it on once its other checks are trusted
 * @param spamMinPoints learn as spam only when the checks other than Bayes reach this many points
 *     (the default, 10, is the reject threshold: the other checks alone would reject)
 * @param hamMaxProbability learn as ham only when the Bayes probability is below this and the
 *     other checks found nothing against the message (0 points or fewer)
 */
public record AutolearnParams(boolean enabled, double spamMinPoints, double hamMaxProbability) {

    public static final AutolearnParams DEFAULTS = new AutolearnParams(false, 10.0, 0.01);

    public AutolearnParams {
        // Above 0, so that one message can never qualify as both ham (<= 0 points) and spam.
        if (!(spamMinPoints > 0) || Double.isInfinite(spamMinPoints)) {
            throw new IllegalArgumentException("autolearn spam-min-points must be a number > 0: " + spamMinPoints);
        }
        if (!(hamMaxProbability >= 0 && hamMaxProbability <= 0.5)) {
            throw new IllegalArgumentException("autolearn ham-max-probability must be in [0, 0.5]: " + hamMaxProbability);
        }
    }
}
