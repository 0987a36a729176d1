package org.bayard.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The figures of one evaluation run; percentages are 0..100. */
public record EvalResult(int n, int ham, int spam, double auc, double hmPercent, double smPercent, double lamPercent,
                         double smAtHm01Percent, double unsurePercent) {

    public double oneMinusRocaPercent() {
        return 100 * (1 - auc);
    }

    /** The keys {@code bayard eval --json} prints, in order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("ham", ham);
        m.put("spam", spam);
        m.put("auc", auc);
        m.put("one_minus_roca_percent", oneMinusRocaPercent());
        m.put("hm_percent", hmPercent);
        m.put("sm_percent", smPercent);
        m.put("lam_percent", lamPercent);
        m.put("sm_at_hm01_percent", smAtHm01Percent);
        m.put("unsure_percent", unsurePercent);
        return m;
    }

    public String toText() {
        return String.format(Locale.ROOT, """
                messages        %d (ham %d, spam %d)
                AUC             %.6f
                1-ROCA%%         %.4f
                hm%%             %.2f
                sm%%             %.2f
                lam%%            %.2f
                sm%% at hm 0.1%%  %.2f
                unsure%%         %.2f
                """, n, ham, spam, auc, oneMinusRocaPercent(), hmPercent, smPercent, lamPercent, smAtHm01Percent,
                unsurePercent);
    }
}
