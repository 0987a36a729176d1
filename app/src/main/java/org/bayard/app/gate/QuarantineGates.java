package org.bayard.app.gate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bayard.core.quarantine.Spool;

/**
 * The gates writing one quarantine. Two {@code bayard serve} beside one store share its quarantine
 * by default, and each receives and holds mail through the quarantine's {@code tmp/}. A gate
 * cleans up after a crash at its start ({@link Spool#recover}), which removed the other gate's
 * messages as they arrived: that gate's session lost its message file and dropped its client
 * without a reply. So a running gate holds a shared lock on {@link #LOCK_FILE}, and a starting
 * gate cleans up only when it gets the lock alone, that is when no other gate runs there;
 * beside others, it removes only what was last written more than {@link #LEFT_LONG_AGO} ago.
 *
 * <p>The lock is the operating system's (fcntl), which belongs to the process and is dropped when
 * the process closes any channel on the file: so the gates of one JVM (tests run several) share
 * one channel, counted, instead of each opening its own.
 */
final class QuarantineGates implements AutoCloseable {
    /** In the quarantine folder; the spool reads only its .eml and .json files. */
    static final String LOCK_FILE = "gates.lock";

    /**
     * What a gate starting beside others removes from {@code tmp/}: files last written longer ago
     * than any gate takes to receive and hold a message, so that where gates are restarted in
     * turn and one always runs, what a crash left does not pile up for ever.
     */
    static final java.time.Duration LEFT_LONG_AGO = java.time.Duration.ofDays(1);

    private record Held(FileChannel channel, int gates) {}

    private static final Map<Path, Held> HELD = new HashMap<>();

    private final Path lockFile;

    private QuarantineGates(Path lockFile) {
        this.lockFile = lockFile;
    }

    /** The quarantine as a starting gate opened it, and its place among the gates writing there. */
    record Joined(Quarantine quarantine, QuarantineGates gates, boolean alone) {}

    /**
     * Joins the gates of the quarantine in {@code dir}: recovers it when no other gate runs
     * there, then holds a shared lock until {@link #close}.
     */
    static Joined join(Path dir) throws IOException {
        Spool.open(dir); // makes the folder
        Path lockFile = dir.toRealPath().resolve(LOCK_FILE);
        try {
            DecisionLocks.prepare(dir);
        } catch (IOException cannotWrite) {
            // a decision then says why it cannot be made; the gate still relays
        }
        synchronized (HELD) {
            Held held = HELD.get(lockFile);
            if (held != null) { // another gate of this JVM runs there
                HELD.put(lockFile, new Held(held.channel(), held.gates() + 1));
                return new Joined(Quarantine.open(dir), new QuarantineGates(lockFile), false);
            }
            FileChannel channel;
            try {
                channel = QuarantineLockFile.open(lockFile);
            } catch (IOException cannotWrite) {
                // a folder the service cannot write (immutable, a read-only mount): the gate still
                // relays clear mail, and answers 451 for mail to hold, as it did before this lock;
                // it cleans nothing, as another gate may be writing there
                return new Joined(Quarantine.open(dir), new QuarantineGates(lockFile), false);
            }
            try {
                Quarantine quarantine;
                boolean alone;
                try (FileLock exclusive = channel.tryLock()) {
                    alone = exclusive != null;
                    quarantine = alone ? Quarantine.recover(dir) : Quarantine.recover(dir, LEFT_LONG_AGO);
                }
                // waits only while another gate starting alone recovers
                channel.lock(0, Long.MAX_VALUE, true);
                HELD.put(lockFile, new Held(channel, 1));
                return new Joined(quarantine, new QuarantineGates(lockFile), alone);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    /** Leaves: a gate starting after the last one here has left recovers the quarantine. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            Held held = HELD.get(lockFile);
            if (held == null) return;
            if (held.gates() > 1) {
                HELD.put(lockFile, new Held(held.channel(), held.gates() - 1));
            } else {
                HELD.remove(lockFile);
                held.channel().close();
            }
        }
    }
}
