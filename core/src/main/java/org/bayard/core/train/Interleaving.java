package org.bayard.core.train;

import org.bayard.core.store.MailClass;

/**
 * The order in which train-to-exhaustion visits two piles: alternating small groups, with the
 * larger pile spread evenly through the smaller one. With 400 ham and 100 spam it goes four ham,
 * one spam, four ham, ... to the end of both, rather than 100 pairs and then 300 ham in a row:
 * a long run of one class drags the model towards that class and makes the other class's
 * messages look like misses that a balanced order would not have trained.
 */
final class Interleaving {
    private Interleaving() {}

    /**
     * Each message's slot is the midpoint of its share of [0, 1): ham {@code i} at
     * {@code (i + 1/2) / ham}, spam {@code j} at {@code (j + 1/2) / spam}; the order is the merge of
     * the two by slot, ham first on ties. Compared as cross-multiplied integers, so no rounding
     * can reorder two messages.
     *
     * @return the class of each visit; the k-th HAM entry is ham message k, likewise for spam
     */
    static MailClass[] order(int ham, int spam) {
        if (ham < 0 || spam < 0) throw new IllegalArgumentException("pile sizes must be >= 0: " + ham + ", " + spam);
        MailClass[] order = new MailClass[ham + spam];
        int i = 0;
        int j = 0;
        for (int k = 0; k < order.length; k++) {
            boolean takeHam;
            if (i == ham) takeHam = false;
            else if (j == spam) takeHam = true;
            else takeHam = (2L * i + 1) * spam <= (2L * j + 1) * ham;
            if (takeHam) {
                order[k] = MailClass.HAM;
                i++;
            } else {
                order[k] = MailClass.SPAM;
                j++;
            }
        }
        return order;
    }
}
