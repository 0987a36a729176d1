package org.bayard.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The "cutoffs by cost" table of {@code bayard eval}. Scores saturate towards 0 and 1, so the
 * cutoff that best parts them can be tiny: 6.6e-41 printed as a decimal of 42 places, and its row
 * no longer lined up under the column names.
 */
class CutoffTableTest {
    private static List<String> rows(CutoffComparison c) {
        return c.toText().lines().skip(1).toList(); // the column names, configured, recommended
    }

    @Test
    void aTinyRecommendedCutoffPrintsWithItsFewDigitsAndKeepsTheColumnsAligned() {
        double[] scores = {1e-41, 6.55e-41, 6.6e-41, 0.95};
        boolean[] spam = {false, false, true, true};
        CutoffComparison c = CutoffComparison.of(scores, spam, Costs.SPAMBAYES, 0.2, 0.9);
        assertThat(c.recommended().hamCutoff()).isEqualTo(6.6e-41); // what the table must show, exactly
        List<String> rows = rows(c);
        assertThat(rows.get(2)).startsWith("  recommended").contains(" 6.6e-41 ").doesNotContain("0.0000");
        for (String row : rows) assertThat(row).as(row).hasSize(rows.get(0).length());
        assertThat(rows.get(1)).startsWith("  configured          0.2         0.9 ");
    }

    @Test
    void ordinaryCutoffsPrintAsBefore() {
        double[] scores = {0.05, 0.1, 0.3, 0.89, 0.9, 0.97};
        boolean[] spam = {false, false, true, false, true, true};
        CutoffComparison c = CutoffComparison.of(scores, spam, Costs.SPAMBAYES, 0.106, 0.896);
        List<String> rows = rows(c);
        assertThat(rows.get(1)).startsWith("  configured        0.106       0.896 ");
        for (String row : rows) assertThat(row).as(row).hasSize(rows.get(0).length());
    }
}
