package org.bayard.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The configured cutoffs beside the cheapest ones for a scored corpus, with their cost and error rates. */
public record CutoffComparison(Costs costs, CutoffChoice configured, EvalResult atConfigured, CutoffChoice recommended,
                               EvalResult atRecommended) {

    /** @throws IllegalArgumentException when a score is outside [0, 1] */
    public static CutoffComparison of(double[] scores, boolean[] spam, Costs costs, double hamCutoff, double spamCutoff) {
        CutoffChoice best = CostCutoffs.recommend(scores, spam, costs);
        return new CutoffComparison(costs, CostCutoffs.evaluate(scores, spam, costs, hamCutoff, spamCutoff),
                Metrics.compute(scores, spam, hamCutoff, spamCutoff), best,
                Metrics.compute(scores, spam, best.hamCutoff(), best.spamCutoff()));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("false_positive", costs.falsePositive());
        c.put("false_negative", costs.falseNegative());
        c.put("unsure", costs.unsure());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("costs", c);
        m.put("configured", describe(configured, atConfigured));
        m.put("recommended", describe(recommended, atRecommended));
        return m;
    }

    private static Map<String, Object> describe(CutoffChoice choice, EvalResult at) {
        Map<String, Object> m = choice.toMap();
        m.put("hm_percent", at.hmPercent());
        m.put("sm_percent", at.smPercent());
        m.put("unsure_percent", at.unsurePercent());
        return m;
    }

    public String toText() {
        String header = String.format(Locale.ROOT, "cutoffs by cost (false positive %s, false negative %s, unsure %s):%n",
                number(costs.falsePositive()), number(costs.falseNegative()), number(costs.unsure()));
        String columns = String.format(Locale.ROOT, "  %-12s %10s %11s %9s %5s %5s %7s %6s %6s %8s%n", "", "ham-cutoff",
                "spam-cutoff", "cost", "fp", "fn", "unsure", "hm%", "sm%", "unsure%");
        return header + columns + row("configured", configured, atConfigured) + row("recommended", recommended, atRecommended);
    }

    private static String row(String name, CutoffChoice c, EvalResult at) {
        return String.format(Locale.ROOT, "  %-12s %10s %11s %9.1f %5d %5d %7d %6.2f %6.2f %8.2f%n", name, cutoff(c.hamCutoff()),
                cutoff(c.spamCutoff()), c.cost(), c.falsePositives(), c.falseNegatives(), c.unsure(), at.hmPercent(),
                at.smPercent(), at.unsurePercent());
    }

    /**
     * A cutoff as the table shows it: its digits as {@link #number} gives them (0.106, 0.2),
     * but below 0.0001 in scientific notation (6.6e-41), as %g writes it. Scores saturate, so the
     * cheapest cutoff can be tiny, and its decimal of 42 places pushed the row out of its columns.
     * Still exact: a recommended cutoff has few significant digits however small it is, and a
     * rounded one (%.3g's 1.00 for 0.99995) would name a cutoff with other costs.
     */
    public static String cutoff(double d) {
        if (d == 0 || Math.abs(d) >= 1e-4) return number(d);
        java.math.BigDecimal b = new java.math.BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = b.unscaledValue().toString();
        int exponent = digits.length() - 1 - b.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }

    /** Shortest exact decimal: recommended cutoffs are chosen to be short, and must print as chosen. */
    public static String number(double d) {
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
