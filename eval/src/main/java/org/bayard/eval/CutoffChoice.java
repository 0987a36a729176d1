package org.bayard.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pair of cutoffs and what they would have done to the scored corpus: below {@code hamCutoff}
 * ham, at or above {@code spamCutoff} spam, in between unsure.
 *
 * @param falsePositives ham at or above the spam cutoff
 * @param falseNegatives spam below the ham cutoff (spam called unsure is counted as unsure)
 * @param unsure         messages of either class between the cutoffs
 */
public record CutoffChoice(double hamCutoff, double spamCutoff, double cost, int falsePositives, int falseNegatives,
                           int unsure) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ham_cutoff", hamCutoff);
        m.put("spam_cutoff", spamCutoff);
        m.put("cost", cost);
        m.put("false_positives", falsePositives);
        m.put("false_negatives", falseNegatives);
        m.put("unsure", unsure);
        return m;
    }
}
