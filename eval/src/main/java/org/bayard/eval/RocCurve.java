package org.bayard.eval;

import java.util.Arrays;

/**
 * The ROC curve of one filter's scores: for every cutoff between distinct scores, the share of
 * ham called spam and the share of spam not called spam. Only the order of the scores matters,
 * so curves of filters with different score scales can be compared.
 *
 * <p>Points run from the highest cutoff (nothing called spam: ham 0, spam 1) to the lowest
 * (everything called spam: ham 1, spam 0); tied scores move both rates in one step, which is the
 * diagonal that makes the area equal the Mann-Whitney AUC with ties counted one half.
 */
public final class RocCurve {
    /** A point of the curve; both rates are fractions in [0, 1]. */
    public record Point(double hamMisclassified, double spamMisclassified) {}

    private final String label;
    private final double[] scores;
    private final boolean[] spam;
    private final int nHam;
    private final int nSpam;
    private final Point[] points;

    private RocCurve(String label, double[] scores, boolean[] spam, int nHam, int nSpam, Point[] points) {
        this.label = label;
        this.scores = scores;
        this.spam = spam;
        this.nHam = nHam;
        this.nSpam = nSpam;
        this.points = points;
    }

    /** @throws IllegalArgumentException unless there is at least one ham and one spam */
    public static RocCurve of(String label, double[] scores, boolean[] spam) {
        if (scores.length != spam.length) throw new IllegalArgumentException("scores and labels differ in length");
        int nSpam = 0;
        for (boolean s : spam) if (s) nSpam++;
        int nHam = scores.length - nSpam;
        if (nHam == 0 || nSpam == 0) {
            throw new IllegalArgumentException(label + ": a ROC curve needs both ham and spam, got " + nHam + " ham and " + nSpam + " spam");
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        Point[] points = new Point[scores.length + 1];
        int count = 0;
        points[count++] = new Point(0, 1);
        int hamAbove = 0, spamAbove = 0;
        for (int i = 0; i < order.length; ) {
            double s = scores[order[i]];
            for (; i < order.length && scores[order[i]] == s; i++) {
                if (spam[order[i]]) spamAbove++; else hamAbove++;
            }
            points[count++] = new Point((double) hamAbove / nHam, 1 - (double) spamAbove / nSpam);
        }
        return new RocCurve(label, scores.clone(), spam.clone(), nHam, nSpam, Arrays.copyOf(points, count));
    }

    public String label() {
        return label;
    }

    public int messages() {
        return scores.length;
    }

    public int hams() {
        return nHam;
    }

    public int spams() {
        return nSpam;
    }

    /** The points from the highest cutoff to the lowest; ham rate never falls, spam rate never rises. */
    public Point[] points() {
        return points.clone();
    }

    /** The point of a cutoff: at or above it is spam. */
    public Point at(double cutoff) {
        int hamMissed = 0, spamMissed = 0;
        for (int i = 0; i < scores.length; i++) {
            if (spam[i] && scores[i] < cutoff) spamMissed++;
            if (!spam[i] && scores[i] >= cutoff) hamMissed++;
        }
        return new Point((double) hamMissed / nHam, (double) spamMissed / nSpam);
    }

    public double auc() {
        return Metrics.auc(scores, spam, nHam, nSpam);
    }

    public double oneMinusRocaPercent() {
        return 100 * (1 - auc());
    }

    /** Spam missed, in percent, at the cutoff that calls at most 0.1% of ham spam. */
    public double smAtHm01Percent() {
        return 100 * Metrics.spamMissedAtHamRate(scores, spam, nHam, nSpam, 0.001);
    }
}
