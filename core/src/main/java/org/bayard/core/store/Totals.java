package org.bayard.core.store;

/** How many messages of each class the counts were learned from. */
public record Totals(long ham, long spam) {
    public static final Totals EMPTY = new Totals(0, 0);

    public Totals plus(long dHam, long dSpam) {
        return new Totals(Math.max(0, ham + dHam), Math.max(0, spam + dSpam));
    }

    public long messages() {
        return ham + spam;
    }
}
