package org.bayard.app.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When {@code serve} last pruned the ledger by age, and with what {@code store.ledger-max-age-days},
 * kept in a small file in the quarantine folder so that "once a day" holds across restarts: kept
 * in memory only, a serve restarted nightly pruned at every start, and one that never ran a day
 * pruned by a day counted from its own start, which a crash loop never reaches.
 *
 * <p>Why a file beside the put-off journal and not the store: it is serve's own bookkeeping, not
 * data of the store; serve already writes that folder (it checks it can at start), and the store's
 * format, its dump, {@code db check} and older versions stay as they are. A file lost or garbled
 * costs one prune more, never one too early by the clock: the age of the entries is always
 * measured against the clock at the prune.
 */
final class LastLedgerPrune {
    static final String FILE = "ledger-aging";

    private final Path file;
    private Instant at;
    private int days;

    private LastLedgerPrune(Path file, Instant at, int days) {
        this.file = file;
        this.at = at;
        this.days = days;
    }

    /** What {@code quarantineDir} records; none when there is no file or it cannot be read as one. */
    static LastLedgerPrune in(Path quarantineDir) {
        Path file = quarantineDir.resolve(FILE);
        try {
            String[] fields = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            return new LastLedgerPrune(file, Instant.parse(fields[0]), Integer.parseInt(fields[1]));
        } catch (NoSuchFileException e) {
            return new LastLedgerPrune(file, null, 0);
        } catch (IOException | RuntimeException e) {
            return new LastLedgerPrune(file, null, 0); // not ours, or cut off: pruning once more is harmless
        }
    }

    /**
     * Whether a prune with {@code days} is due at {@code now}: none recorded, another setting, a day
     * past, or a record later than now (the clock was put back after it; a prune now removes less,
     * never more, than the record's would have).
     */
    boolean due(Instant now, int days, Duration every) {
        return at == null || this.days != days || now.isBefore(at) || !now.isBefore(at.plus(every));
    }

    /**
     * Records a prune at {@code now} with {@code days}, whole or not at all; kept in memory when the
     * file cannot be written (a full disk), so this run still prunes once a day.
     */
    void prunedAt(Instant now, int days) {
        this.at = now.truncatedTo(ChronoUnit.SECONDS);
        this.days = days;
        Path next = file.resolveSibling(FILE + ".new");
        try {
            Files.writeString(next, at + " " + days + "\n", StandardCharsets.US_ASCII);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(next);
            } catch (IOException ignored) {
                // the next prune writes it over
            }
        }
    }
}
