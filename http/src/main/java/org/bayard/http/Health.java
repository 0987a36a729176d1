package org.bayard.http;

import java.util.List;
import java.util.Locale;

/**
 * What the service's troubles ({@link Backend#troubles}) make of its health, as {@code /health}
 * answers it and {@code bayard_health} counts it, in order of gravity.
 */
enum Health {
    /** No trouble. */
    OK(200),
    /** Mail flows; some of the work waits (learning behind another process's lock). */
    DEGRADED(200),
    /** Mail is refused: 503, so that a check on the status code alone sees it. */
    FAILING(503);

    final int status;

    Health(int status) {
        this.status = status;
    }

    static Health of(List<Backend.Trouble> troubles) {
        if (troubles.isEmpty()) return OK;
        return troubles.stream().anyMatch(Backend.Trouble::refusesMail) ? FAILING : DEGRADED;
    }

    /** 0, 1 or 2, for the gauge. */
    static int level(List<Backend.Trouble> troubles) {
        return of(troubles).ordinal();
    }

    /** The word {@code /health} says: ok, degraded or failing. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
