package org.bayard.app.cli;

import org.bayard.app.UsageException;
import org.bayard.app.config.ConfigException;
import org.bayard.app.config.HostPort;

/**
 * Checks an option's value against its range. A value outside it is a usage error, as a value
 * that is no number at all is: the option and its range are named, and the command exits 2.
 */
final class OptionRange {
    private OptionRange() {}

    static void atLeast(String option, long value, long min) {
        if (value < min) throw new UsageException(option + " must be " + (min == 0 ? "0 or more" : "at least " + min) + ", got " + value);
    }

    static void between(String option, long value, long min, long max) {
        if (value < min || value > max) throw new UsageException(option + " must be between " + min + " and " + max + ", got " + value);
    }

    /** A weight or a duration: NaN and infinity are numbers to Java, but no use as either. */
    static void finiteAtLeastZero(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new UsageException(option + " must be a finite number, 0 or more, got " + value);
        }
    }

    /** {@code host:port} with a port of 0 to 65535; the configuration's keys are checked by the same rule, as its errors. */
    static void hostPort(String option, String value) {
        try {
            HostPort.parse(value, option);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
