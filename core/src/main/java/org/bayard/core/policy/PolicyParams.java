package org.bayard.core.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Points, thresholds and actions of the policy. Defaults follow the mail.python.org setup:
 * reject at 10 or more, hold at 5 or more, and Bayes-unsure mail held for a moderator.
 *
 * @param rejectScore total score at which mail is rejected
 * @param holdScore total score at which mail is held
 * @param tagScore total score at which delivered mail is marked as spam (checked after hold)
 * @param unsureAction what happens to Bayes-unsure mail whose score is below the hold score
 * @param points points of the non-Bayes symbols, by name
 * @param executableExtensions attachment name endings that count as executable (lower case, with the dot)
 * @param bayesMinLearned the ham and spam the store must have learned before Bayes counts (policy.bayes-min-ham
 *     and policy.bayes-min-spam)
 */
public record PolicyParams(double rejectScore, double holdScore, double tagScore, Action unsureAction,
                           List<BayesSymbol> bayesBands, Map<String, Double> points, Set<String> executableExtensions,
                           TrainingMinimum bayesMinLearned) {

    public static final String EXECUTABLE_ATTACHMENT = "EXECUTABLE_ATTACHMENT";
    public static final String MISSING_MESSAGE_ID = "MISSING_MESSAGE_ID";
    public static final String SUBJECT_8BIT = "SUBJECT_8BIT";
    public static final String NO_VALID_SENDER = "NO_VALID_SENDER";
    public static final String BAYES_UNAVAILABLE = "BAYES_UNAVAILABLE";
    /** Stands in for the Bayes band while the store has learned fewer messages than {@link #bayesMinLearned}. */
    public static final String BAYES_UNDERTRAINED = "BAYES_UNDERTRAINED";

    public static final PolicyParams DEFAULTS = new PolicyParams(10.0, 5.0, 5.0, Action.HOLD, BayesSymbol.DEFAULT_BANDS,
            Map.of(EXECUTABLE_ATTACHMENT, 5.0, MISSING_MESSAGE_ID, 1.0, SUBJECT_8BIT, 1.5, NO_VALID_SENDER, 2.0),
            Set.of(".exe", ".scr", ".pif", ".bat", ".com", ".vbs", ".js", ".cmd", ".lnk", ".jse", ".vbe", ".wsf", ".hta",
                    ".cpl", ".msi", ".jar", ".ps1"), TrainingMinimum.DEFAULT);

    /** Without a training minimum of its own: the default one, 200 ham and 200 spam. */
    public PolicyParams(double rejectScore, double holdScore, double tagScore, Action unsureAction,
                        List<BayesSymbol> bayesBands, Map<String, Double> points, Set<String> executableExtensions) {
        this(rejectScore, holdScore, tagScore, unsureAction, bayesBands, points, executableExtensions, TrainingMinimum.DEFAULT);
    }

    public PolicyParams {
        if (!(holdScore <= rejectScore)) throw new IllegalArgumentException("policy: hold-score " + holdScore
                + " must not be above reject-score " + rejectScore);
        // rejecting on "unsure" alone would bounce the very mail the classifier cannot judge
        if (unsureAction == Action.REJECT) throw new IllegalArgumentException("policy: unsure-action cannot be reject");
        bayesBands = List.copyOf(bayesBands);
        points = Map.copyOf(points);
        executableExtensions = Set.copyOf(executableExtensions);
        java.util.Objects.requireNonNull(bayesMinLearned);
    }

    public double points(String symbol) {
        Double p = points.get(symbol);
        if (p == null) throw new IllegalStateException("no points configured for " + symbol);
        return p;
    }
}
