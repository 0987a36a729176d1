package org.bayard.http.wire;

import java.time.Duration;

/**
 * A time as the log and the answers say it, "5 s" or "3.3 s": the stop's phases are fractions of
 * a configured whole (smtp.stop-timeout-seconds), and a tenth of a second is as fine as a
 * postmaster fitting them to a service manager needs.
 */
public final class Seconds {
    private Seconds() {}

    public static String of(Duration d) {
        long tenths = Math.round(d.toMillis() / 100.0);
        return (tenths % 10 == 0 ? String.valueOf(tenths / 10) : (tenths / 10) + "." + (tenths % 10)) + " s";
    }
}
