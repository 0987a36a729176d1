package org.bayard.app.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How long the machine has been up, in nanoseconds: how long NTP has had to put a clock right
 * that started far ahead. It is what serve's ledger aging waits on before it trusts the clock,
 * rather than serve's own time up, which a serve restarted more often than hourly never reached.
 * Read from Linux's {@code /proc/uptime}; where that cannot be read, this process's time up
 * stands in (the wait then starts again with each start, as before).
 */
final class MachineUptime implements LongSupplier {
    private final Path procUptime;
    private final long started = System.nanoTime();

    MachineUptime() {
        this(Path.of("/proc/uptime"));
    }

    MachineUptime(Path procUptime) {
        this.procUptime = procUptime;
    }

    @Override
    public long getAsLong() {
        long own = System.nanoTime() - started;
        try {
            String seconds = Files.readString(procUptime, StandardCharsets.US_ASCII).strip().split("\\s+")[0];
            long machine = (long) (Double.parseDouble(seconds) * TimeUnit.SECONDS.toNanos(1));
            return Math.max(machine, own);
        } catch (IOException | RuntimeException e) {
            return own;
        }
    }
}
