package org.bayard.app.gate;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bayard.smtp.IpLiteral;
import org.bayard.store.lmdb.WaitNotice;

/**
 * The automated sender blocklist: after a message is rejected as spam, the pair (client address,
 * envelope sender) is refused at RCPT for a while, so the same sender from the same place is not
 * read and scored again. Kept in a small text file in the store directory ({@code blocklist.tsv}:
 * expiry in epoch seconds, client, sender; {@code <>} for the null sender), so it survives a
 * restart and {@code bayard blocklist} can edit it while {@code bayard serve} runs. Every change
 * is a read-modify-write under a lock file ({@link BlocklistLock}), written to a temporary file,
 * fsynced and renamed; readers reload when the file's time stamp or size changes
 * ({@link BlocklistFile}). Expired entries are ignored and dropped at the next write. The clock
 * is injected so expiry is testable.
 */
public final class Blocklist {
    public static final String FILE = "blocklist.tsv";

    /** One entry; {@code sender} is empty for the null sender. */
    public record Entry(String client, String sender, Instant expires) {}

    private final Clock clock;
    private final BlocklistLock lock;
    private final BlocklistFile onDisk;

    private Blocklist(Path file, Clock clock, java.util.function.Consumer<String> lockWaitNotice) {
        this.clock = clock;
        this.lock = new BlocklistLock(file, lockWaitNotice);
        this.onDisk = new BlocklistFile(file);
    }

    /** The blocklist of the store in {@code db}. */
    public static Blocklist in(Path db, Clock clock) {
        return new Blocklist(db.resolve(FILE), clock, null);
    }

    /**
     * As {@link #in(Path, Clock)}, telling {@code lockWaitNotice} (a command's stderr) once when a
     * change waits more than {@link WaitNotice#AFTER} for the lock another process holds (a
     * {@code db import} holds it while the store takes the dump): see {@link WaitNotice}.
     */
    public static Blocklist in(Path db, Clock clock, java.util.function.Consumer<String> lockWaitNotice) {
        return new Blocklist(db.resolve(FILE), clock, lockWaitNotice);
    }

    public boolean blocked(String client, String sender) {
        Entry e;
        try {
            e = onDisk.read().get(key(client, sender));
        } catch (IOException ex) {
            return false; // our own failure never refuses mail
        }
        return e != null && e.expires().isAfter(clock.instant());
    }

    /** Live entries, soonest expiry first. */
    public List<Entry> entries() throws IOException {
        Instant now = clock.instant();
        List<Entry> out = new ArrayList<>();
        for (Entry e : onDisk.read().values()) if (e.expires().isAfter(now)) out.add(e);
        out.sort(java.util.Comparator.comparing(Entry::expires));
        return out;
    }

    /**
     * Adds an entry that lasts {@code ttl} from now, or extends the pair's entry to then; returns
     * the pair's entry. One that lasts longer already is kept as it is, as an import's merge keeps
     * it: a block a postmaster set for 48 hours was cut to the gate's 3 at its next rejection.
     */
    public Entry add(String client, String sender, Duration ttl) throws IOException {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("blocklist time must be over 0 and at most " + LONGEST.toDays() + " days: " + ttl);
        }
        Entry e = new Entry(client, normalized(sender), clock.instant().plus(ttl));
        Entry[] kept = {e};
        update(m -> kept[0] = m.merge(key(client, sender), e, (listed, added) -> added.expires().isAfter(listed.expires()) ? added : listed));
        return kept[0];
    }

    /** When an entry added now for {@code ttl} expires. */
    public Instant expiryIn(Duration ttl) {
        return clock.instant().plus(ttl);
    }

    /**
     * Adds (or extends) an entry that lasts until {@code expires}, as a write put off and made
     * later does; empty, adding nothing, when that time has passed.
     */
    java.util.Optional<Entry> addUntil(String client, String sender, Instant expires) throws IOException {
        Duration ttl = Duration.between(clock.instant(), expires);
        if (ttl.isNegative() || ttl.isZero()) return java.util.Optional.empty();
        return java.util.Optional.of(add(client, sender, ttl));
    }

    /** Longer than any sensible block, and short enough that no expiry overflows. */
    private static final Duration LONGEST = Duration.ofDays(3650);
    public static final long LONGEST_HOURS = LONGEST.toHours();

    /**
     * A client address as a person (or the check API's IP header) gave it, in the form the gate
     * writes, or an IllegalArgumentException saying what is wrong. Only addresses in numbers: a
     * name, even one of hex letters and dots like cafe.de, is refused, never looked up.
     */
    public static String clientAddress(String typed) {
        return IpLiteral.parse(typed.strip()).map(InetAddress::getHostAddress)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address: '" + typed + "'"));
    }

    /**
     * An envelope sender as a person typed it ({@code <>} for the null sender), or an
     * IllegalArgumentException. Printable ASCII only, which also keeps the file's tabs and lines whole.
     */
    public static String envelopeSender(String typed) {
        if (typed.isEmpty() || typed.length() > 256 || typed.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new IllegalArgumentException("not an envelope sender: '" + typed + "' (use <> for the null sender)");
        }
        return typed;
    }

    /** Whether a block time in hours is over 0 and at most {@link #LONGEST_HOURS} (NaN is not). */
    public static boolean validHours(double h) {
        return h > 0 && h <= LONGEST_HOURS;
    }

    /** A block time in hours as a person gave it, or an IllegalArgumentException. */
    public static Duration hours(double h) {
        if (!validHours(h)) {
            throw new IllegalArgumentException("blocklist hours must be over 0 and at most " + LONGEST_HOURS + ", got " + h);
        }
        return Duration.ofSeconds(Math.max(1, Math.round(h * 3600)));
    }

    /** Removes an entry; false when there was none. */
    public boolean remove(String client, String sender) throws IOException {
        boolean[] removed = {false};
        update(m -> removed[0] = m.remove(key(client, sender)) != null);
        return removed[0];
    }

    private interface Change {
        void apply(Map<String, Entry> entries);
    }

    /**
     * Adds {@code entries} (from a dump) as one change with {@code alongside}, the store's import:
     * the new file is written and synced first, {@code alongside} runs, and only when it returns
     * is the file renamed into place. So an import refused or failed leaves the blocklist as it
     * was, and a disk that fills while writing the blocklist stops the import before the store
     * took anything. A pair listed already keeps the later expiry, so a merge never shortens a
     * block the gate set; expired entries are dropped. The lock is held meanwhile: the gate's own
     * additions wait for the import instead of being overwritten by it.
     */
    public <T> T addAllWith(List<Entry> entries, java.util.function.Supplier<T> alongside) throws IOException {
        return lock.holding(() -> {
            Map<String, Entry> m = merged(m2 -> {
                for (Entry e : entries) {
                    Entry listed = m2.get(key(e.client(), e.sender()));
                    if (listed == null || e.expires().isAfter(listed.expires())) {
                        m2.put(key(e.client(), e.sender()), new Entry(e.client(), normalized(e.sender()), e.expires()));
                    }
                }
            });
            Path tmp = onDisk.writeTemporary(m);
            T result;
            try {
                result = alongside.get();
            } catch (RuntimeException | Error e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            onDisk.install(tmp);
            return result;
        });
    }

    private void update(Change change) throws IOException {
        lock.holding(() -> {
            onDisk.install(onDisk.writeTemporary(merged(change)));
            return null;
        });
    }

    /** The live entries as the file holds them now, with {@code change} made; call under the lock. */
    private Map<String, Entry> merged(Change change) throws IOException {
        onDisk.forget(); // re-read under the lock
        Map<String, Entry> m = new LinkedHashMap<>(onDisk.read());
        Instant now = clock.instant();
        m.values().removeIf(e -> !e.expires().isAfter(now));
        change.apply(m);
        m.values().removeIf(e -> !e.expires().isAfter(now));
        return m;
    }

    private static String normalized(String sender) {
        String s = sender.strip();
        if (s.equals("<>")) return "";
        if (s.startsWith("<") && s.endsWith(">")) s = s.substring(1, s.length() - 1);
        return s.toLowerCase(Locale.ROOT);
    }

    /** How an entry is found: by client and normalized sender. */
    static String key(String client, String sender) {
        return client + "\t" + normalized(sender);
    }
}
