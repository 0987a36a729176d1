package org.bayard.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.bayard.core.store.MailClass;
import org.junit.jupiter.api.Test;

class FoldsTest {

    static List<MailClass> labels(int ham, int spam) {
        List<MailClass> labels = new ArrayList<>();
        // Interleaved, as in a shuffled index.
        for (int h = 0, s = 0; h < ham || s < spam; ) {
            if (h < ham) { labels.add(MailClass.HAM); h++; }
            if (s < spam) { labels.add(MailClass.SPAM); s++; }
        }
        return labels;
    }

    @Test
    void everyFoldGetsTheSameNumberOfHamAndOfSpamWithinOne() {
        List<MailClass> labels = labels(4150, 1896);
        Folds folds = Folds.stratified(labels, 10, 42);
        for (int f = 0; f < 10; f++) {
            int ham = 0, spam = 0;
            for (int i : folds.heldOut(f)) if (labels.get(i) == MailClass.SPAM) spam++; else ham++;
            assertThat(ham).as("ham in fold %d", f).isEqualTo(415);
            assertThat(spam).as("spam in fold %d", f).isBetween(189, 190);
        }
    }

    @Test
    void exactCountsWhenNeitherClassDividesEvenly() {
        // 23 ham and 7 spam in 4 folds: ham 6,6,6,5 and spam dealt on from fold 3: 2,2,1,2 -> sizes 8,8,7,7.
        List<MailClass> labels = labels(23, 7);
        Folds folds = Folds.stratified(labels, 4, 1);
        int[][] counts = new int[4][2];
        for (int i = 0; i < labels.size(); i++) counts[folds.foldOf(i)][labels.get(i) == MailClass.SPAM ? 1 : 0]++;
        assertThat(counts).isEqualTo(new int[][] {{6, 2}, {6, 2}, {6, 1}, {5, 2}});
    }

    @Test
    void everyMessageIsHeldOutInExactlyOneFold() {
        Folds folds = Folds.stratified(labels(40, 25), 7, 3);
        int[] seen = new int[65];
        for (int f = 0; f < 7; f++) for (int i : folds.heldOut(f)) seen[i]++;
        assertThat(seen).containsOnly(1);
    }

    @Test
    void theSeedDecidesTheFolds() {
        List<MailClass> labels = labels(50, 50);
        Folds a = Folds.stratified(labels, 5, 42), b = Folds.stratified(labels, 5, 42), c = Folds.stratified(labels, 5, 43);
        assertThat(a.heldOut(0)).isEqualTo(b.heldOut(0)).isNotEqualTo(c.heldOut(0));
    }

    @Test
    void tooFewMessagesOrFoldsIsTheCallersMistake() {
        assertThatThrownBy(() -> Folds.stratified(labels(2, 1), 4, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 folds");
        assertThatThrownBy(() -> Folds.stratified(labels(2, 1), 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
