package org.bayard.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.bayard.core.store.MailClass;

/**
 * A seeded, stratified split of a corpus into k folds: ham and spam are each shuffled and dealt
 * round-robin, so every fold holds within one message the same number of ham, and of spam, as
 * every other. Dealing spam on from where ham stopped keeps the fold sizes within one as well.
 */
public final class Folds {
    private final int[] foldOf;
    private final int k;

    private Folds(int[] foldOf, int k) {
        this.foldOf = foldOf;
        this.k = k;
    }

    /**
     * @param labels the gold label of each message, in corpus order
     * @throws IllegalArgumentException if k is below 2 or above the number of messages
     */
    public static Folds stratified(List<MailClass> labels, int k, long seed) {
        if (k < 2) throw new IllegalArgumentException("folds must be at least 2, got " + k);
        if (k > labels.size()) throw new IllegalArgumentException("cannot make " + k + " folds of " + labels.size() + " messages");
        List<Integer> ham = new ArrayList<>();
        List<Integer> spam = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) (labels.get(i) == MailClass.SPAM ? spam : ham).add(i);
        // java.util.Random's sequence is specified, so a seed gives the same folds on every JDK.
        Random random = new Random(seed);
        Collections.shuffle(ham, random);
        Collections.shuffle(spam, random);
        int[] foldOf = new int[labels.size()];
        int dealt = 0;
        for (int i : ham) foldOf[i] = dealt++ % k;
        for (int i : spam) foldOf[i] = dealt++ % k;
        return new Folds(foldOf, k);
    }

    public int count() {
        return k;
    }

    public int foldOf(int message) {
        return foldOf[message];
    }

    public int size() {
        return foldOf.length;
    }

    /** The messages held out in {@code fold}, in corpus order. */
    public int[] heldOut(int fold) {
        return IntStream.range(0, foldOf.length).filter(i -> foldOf[i] == fold).toArray();
    }

    @Override
    public String toString() {
        int[] sizes = new int[k];
        for (int f : foldOf) sizes[f]++;
        return "Folds" + Arrays.toString(sizes);
    }
}
