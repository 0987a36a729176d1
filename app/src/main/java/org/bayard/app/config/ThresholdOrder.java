package org.bayard.app.config;

/**
 * Thresholds that work only in one order. Each record checks its own ranges, but an order of two
 * keys (often of two sections) is the file's to get right, and its error must name both keys with
 * the values the file gave them: "must satisfy a <= b" left the reader to work out which value
 * was which, and an order nobody checked (tag above hold) was accepted and silently did nothing.
 */
final class ThresholdOrder {
    private final String origin;

    ThresholdOrder(String origin) {
        this.origin = origin;
    }

    /** Refuses {@code low} above {@code high}, saying {@code why} the order matters. */
    void atMost(String lowKey, double low, String highKey, double high, String why) {
        if (low > high) {
            throw new ConfigException(origin + ": " + lowKey + " " + low + " is above " + highKey + " " + high + ": " + why);
        }
    }
}
