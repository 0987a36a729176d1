package org.bayard.core.token;

/**
 * Counts as coarse labels: exact up to 4, then powers of two ("le8", "le16", ...). A count of
 * 37 parts and one of 41 are the same evidence; separate features would each be too rare to learn.
 */
final class Buckets {

    private static final String[] EXACT = {"0", "1", "2", "3", "4"};
    /** The labels of counts from 5 to 1024, by the base-2 logarithm of count - 1 (2 to 9); made once, not per count. */
    private static final String[] POWERS = new String[10];

    static {
        for (int log = 2; log < POWERS.length; log++) {
            POWERS[log] = "le" + (2 << log);
        }
    }

    private Buckets() {}

    static String of(int n) {
        if (n <= 4) {
            return EXACT[Math.max(0, n)];
        }
        if (n > 1024) {
            return "many";
        }
        return POWERS[31 - Integer.numberOfLeadingZeros(n - 1)];
    }
}
