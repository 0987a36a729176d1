package org.bayard.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bayard.core.classify.Clue;
import org.bayard.core.classify.Score;
import org.bayard.core.mail.HeaderEditor.Field;

/**
 * The headers Bayard adds to mail, in SpamAssassin's layout so existing procmail and Sieve rules
 * keep working: {@code X-Spam-Flag}, {@code X-Spam-Score}, {@code X-Spam-Status}, and our own
 * {@code X-Bayard-Classification}. Every value is printable ASCII.
 */
public final class SpamHeaders {
    /** Headers we write, removed from incoming mail first so nobody outside can forge them. */
    public static final Set<String> OWN = Set.of("x-spam-flag", "x-spam-score", "x-spam-status", "x-spam-level",
            "x-bayard-classification", "x-spam-bayes");

    /** Says that a moderator released the message from the quarantine, by whom and when. */
    public static final String RELEASED = "X-Bayard-Released";

    /**
     * What the gate removes from mail it passes, and a release from mail it delivers, before adding
     * its own: {@link #OWN} and {@link #RELEASED}, so that a sender cannot claim a moderator let
     * the message through. Not {@link #OWN} itself, which also decides what learning ignores.
     */
    public static final Set<String> REPLACED = Stream.concat(OWN.stream(), Stream.of(RELEASED.toLowerCase(Locale.ROOT)))
            .collect(Collectors.toUnmodifiableSet());

    /** The test a moderator's release adds to a held message's X-Spam-Status, and its points. */
    public static final String RELEASED_TEST = "MODERATOR_RELEASED";
    private static final double RELEASED_POINTS = -100.0;

    private static final int CLUE_NAME_LIMIT = 40;

    private SpamHeaders() {}

    /**
     * @param required the score at which mail counts as spam (the hold threshold)
     * @param autolearn the {@code autolearn=} field: {@code no}, {@code ham} or {@code spam}
     * @param clues how many clues to show in {@code X-Bayard-Classification}; 0 for none
     */
    public static List<Field> of(Score score, List<BayesSymbol> bands, double required, String autolearn, int clues,
                                 String version) {
        BayesSymbol symbol = BayesSymbol.of(score.probability(), bands);
        String points = String.format(Locale.ROOT, "%.1f", symbol.points());
        // SpamAssassin's reading: Yes exactly when score >= required, compared as written, so that
        // a rule on X-Spam-Flag and one on the score agree whatever the cutoffs and points. The
        // classifier's own verdict stays in X-Bayard-Classification (and filter --exit-code).
        boolean spam = Double.parseDouble(points) >= Double.parseDouble(String.format(Locale.ROOT, "%.1f", required));
        List<Field> fields = new ArrayList<>(4);
        fields.add(new Field("X-Spam-Flag", spam ? "YES" : "NO"));
        fields.add(new Field("X-Spam-Score", points));
        fields.add(new Field("X-Spam-Status", String.format(Locale.ROOT, "%s, score=%s required=%.1f tests=%s autolearn=%s version=%s",
                spam ? "Yes" : "No", points, required, symbol.name(), autolearn, version)));
        fields.add(classification(score, clues));
        return fields;
    }

    /**
     * The headers for a policy decision: the total score and every symbol that fired, and
     * {@code X-Spam-Bayes: unavailable} when Bayes could not be computed and counted as neutral,
     * or {@code X-Spam-Bayes: not used (...)} when the store has learned too little for it to count.
     */
    public static List<Field> of(Decision d, double required, int clues, String version) {
        return of(d, required, "no", clues, version);
    }

    /** As above, with the {@code autolearn=} field: {@code no}, {@code ham}, {@code spam} or {@code failed}. */
    public static List<Field> of(Decision d, double required, String autolearn, int clues, String version) {
        return of(d, d.action() != Action.ACCEPT, required, autolearn, clues, version);
    }

    /**
     * The headers for a held message as a moderator's release delivers it: the decision as it was
     * (score, tests, classification) but flagged as not spam, since a person judged it otherwise,
     * so that a recipient's rule filing {@code X-Spam-Flag: YES} away does not hide it again.
     */
    public static List<Field> released(Decision d, double required, String autolearn, int clues, String version) {
        // A "No" with a score at or above required= contradicts itself to a SpamAssassin reader, and a
        // recipient's rule on X-Spam-Score would hide the message again: the release is a test with
        // points, as SpamAssassin's USER_IN_WELCOMELIST (-100), enough to bring any held score below:
        // more only where -100 would leave it at or above required= as written (held at 6.0, -94.0;
        // the release used to give every message required - 100, so 6.0 went out as -95.0).
        boolean enough = oneDecimal(d.score() + RELEASED_POINTS) < oneDecimal(required);
        double points = enough ? RELEASED_POINTS : required + RELEASED_POINTS - d.score();
        return of(d, d.score() + points, d.symbolNames() + "," + RELEASED_TEST, false, required, autolearn, clues, version);
    }

    /** A score as the fields write it, to one decimal: SpamAssassin's readers compare what is written. */
    private static double oneDecimal(double score) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.1f", score));
    }

    private static List<Field> of(Decision d, boolean spam, double required, String autolearn, int clues, String version) {
        return of(d, d.score(), d.symbolNames(), spam, required, autolearn, clues, version);
    }

    private static List<Field> of(Decision d, double total, String tests, boolean spam, double required, String autolearn,
                                  int clues, String version) {
        String score = String.format(Locale.ROOT, "%.1f", total);
        List<Field> fields = new ArrayList<>(5);
        fields.add(new Field("X-Spam-Flag", spam ? "YES" : "NO"));
        fields.add(new Field("X-Spam-Score", score));
        fields.add(new Field("X-Spam-Status", String.format(Locale.ROOT, "%s, score=%s required=%.1f tests=%s autolearn=%s version=%s",
                spam ? "Yes" : "No", score, required, ascii(tests, 400), ascii(autolearn, 20), version)));
        if (d.bayesNotUsed().isPresent()) {
            fields.add(notUsed(d.bayesNotUsed().get(), d.bayes().get()));
        } else if (d.bayes().isPresent()) {
            fields.add(classification(d.bayes().get(), clues));
        } else {
            fields.add(new Field("X-Spam-Bayes", "unavailable"));
        }
        return fields;
    }

    /**
     * Pipe mode's headers while the store has learned too little for Bayes to count ({@link
     * TrainingMinimum}): score 0 with the {@code BAYES_UNDERTRAINED} test, not spam, and {@code
     * X-Spam-Bayes} saying why in place of {@code X-Bayard-Classification}, so that no rule on the
     * classification acts on a model of a handful of messages.
     *
     * @param why what was learned and what is needed, as {@link TrainingMinimum#shortfall} says it
     */
    public static List<Field> undertrained(Score score, String why, double required, String autolearn, String version) {
        List<Field> fields = new ArrayList<>(4);
        fields.add(new Field("X-Spam-Flag", "NO"));
        fields.add(new Field("X-Spam-Score", "0.0"));
        fields.add(new Field("X-Spam-Status", String.format(Locale.ROOT, "No, score=0.0 required=%.1f tests=%s autolearn=%s version=%s",
                required, PolicyParams.BAYES_UNDERTRAINED, ascii(autolearn, 20), version)));
        fields.add(notUsed(why, score));
        return fields;
    }

    /** {@code X-Spam-Bayes: not used (5 ham and 3 spam learned, 200 of each needed); p=0.4853}: what the classifier said, and why it did not count. */
    private static Field notUsed(String why, Score score) {
        return new Field("X-Spam-Bayes", String.format(Locale.ROOT, "not used (%s); p=%.4f", ascii(why, 200), score.probability()));
    }

    /**
     * The one field of a message passed on unscanned for its size (the gate after the queue):
     * {@code X-Bayard-Classification: unscanned; too large (N bytes, smtp.max-message-bytes M)}.
     * The classification's own field, where a reader looks for Bayard's verdict, with a value no
     * rule on {@code spam}, {@code ham} or {@code unsure} matches; no {@code X-Spam-Flag} or score,
     * since none was computed, as spamc writes none past its size limit.
     */
    public static Field unscanned(long size, long limit) {
        return new Field("X-Bayard-Classification",
                String.format(Locale.ROOT, "unscanned; too large (%d bytes, smtp.max-message-bytes %d)", size, limit));
    }

    /** {@code X-Bayard-Classification: spam; p=0.9876; clues="a" 0.990, ...} with the top {@code clues}. */
    private static Field classification(Score score, int clues) {
        StringBuilder c = new StringBuilder(String.format(Locale.ROOT, "%s; p=%.4f", score.verdict().label(), score.probability()));
        List<Clue> top = score.topClues(clues);
        if (!top.isEmpty()) {
            c.append("; clues=");
            for (int i = 0; i < top.size(); i++) {
                if (i > 0) c.append(", ");
                c.append('"').append(ascii(top.get(i).name())).append('"')
                        .append(String.format(Locale.ROOT, " %.3f", top.get(i).probability()));
            }
        }
        return new Field("X-Bayard-Classification", c.toString());
    }

    private static String ascii(String s) {
        return ascii(s, CLUE_NAME_LIMIT);
    }

    private static String ascii(String s, int limit) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < limit; i++) {
            char ch = s.charAt(i);
            b.append(ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' ? ch : '?');
        }
        return b.toString();
    }
}
