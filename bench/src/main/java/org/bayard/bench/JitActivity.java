package org.bayard.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Tells when a warm-up has gone on long enough: when the JIT compilers spend only a small share
 * of a round compiling. One warm-up round was not enough for {@link Throughput}: a flight
 * recording showed C2 still compiling for about 10 s of the three measured rounds after it
 * (15.5 s in all, methods recompiled after deoptimisation), on the second of two cores and
 * with the measured code not yet in its final form. The JVM's figure is compile time summed
 * over its compiler threads, so the share can exceed 1.
 */
final class JitActivity {
    /** Compiling under this share of a round's wall time counts as settled. */
    static final double SETTLED_SHARE = 0.05;

    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    private long roundStartNanos;
    private long roundStartCompileMillis;
    private long measuringStartCompileMillis;

    void startRound() {
        roundStartNanos = System.nanoTime();
        roundStartCompileMillis = compileMillis();
    }

    /** Compile time since {@link #startRound} over the wall time since then. */
    double shareOfRound() {
        double wallMillis = (System.nanoTime() - roundStartNanos) / 1e6;
        return (compileMillis() - roundStartCompileMillis) / wallMillis;
    }

    boolean settled() {
        return shareOfRound() < SETTLED_SHARE;
    }

    void startMeasuring() {
        measuringStartCompileMillis = compileMillis();
    }

    long sinceMeasuring() {
        return compileMillis() - measuringStartCompileMillis;
    }

    /** -1 where the JVM does not report it: then {@link #settled} is true at once, as before. */
    private long compileMillis() {
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : -1;
    }
}
