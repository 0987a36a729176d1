package org.bayard.core.token;

/**
 * Counts as coarse labels: exact up to 4, then powers of two ("le8", "le16", ...). A count of
 * 37 parts and one of 41 are the same evidence; separate features would each be too rare to learn.
 */
final class Buckets {

    private Buckets() {}

    static String of(int n) {
        if (n <= 4) {
            return Integer.toString(Math.max(0, n));
        }
        if (n > 1024) {
            return "many";
        }
        return "le" + Integer.highestOneBit(n - 1) * 2;
    }
}
