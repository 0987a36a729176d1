package org.bayard.app.gate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gate's put-off writes on disk, so that a {@code serve} killed while they wait (kill -9, the
 * OOM killer, a power cut) does not lose them: the next {@code serve} to start beside the same
 * quarantine makes them.
 *
 * <p>Where: {@code put-off/} in the quarantine folder. It is the gate's own state folder, on the
 * disk {@code smtp.min-free-mb} watches, already holding mail (so already private and fsynced),
 * and shared by the gates beside one store as their store is; the store's folder belongs to LMDB
 * and does not exist with Redis. Each running gate writes into a folder of its own
 * ({@code put-off/PID-START-N/}, made at its first entry: most gates never put a write off) on
 * which it holds a lock: a gate starting takes over the folders whose lock it gets, those of gates
 * that died, and leaves those of running gates alone. Gates of several stores may share one
 * quarantine, so each folder names its gate's store (the file {@code store}), and a gate takes
 * over only the folders of its own store's gates (and those that name none, written before).
 *
 * <p>One file per write, {@code N.entry}: a JSON line saying what to write (the {@code write} of
 * the log lines, the queue id, and what the write needs), then the message it learns, if any.
 * Written to {@code N.tmp}, fsynced, renamed, the folder fsynced: an entry is whole or absent.
 * Removed once its write is made. An entry that cannot be read or made goes to
 * {@code put-off/set-aside/}, kept for the postmaster with a log line saying why.
 *
 * <p>Bounded: at most {@link PutOffLimits#MAX_ENTRIES} entries and {@link PutOffLimits#MAX_BYTES} of
 * messages; beyond, or when the disk cannot take an entry, the write is still put off, in memory
 * only, and its log line says it is not journaled.
 */
final class PutOffJournal implements AutoCloseable {
    static final String DIR = "put-off";
    static final String SET_ASIDE = "set-aside";
    static final String SUFFIX = ".entry";

    /** What an entry learns: a message of {@code size} bytes, read when the entry is written. */
    interface Body {
        Body NONE = new Body() {
            @Override
            public long size() {
                return 0;
            }

            @Override
            public InputStream open() {
                return InputStream.nullInputStream();
            }
        };

        long size();

        InputStream open() throws IOException;

        static Body of(byte[] bytes) {
            return new Body() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public InputStream open() {
                    return new java.io.ByteArrayInputStream(bytes);
                }
            };
        }
    }

    /** A write to keep: its header fields ({@code kind}, {@code write}, {@code queue_id} and its own) and its message. */
    record Entry(Map<String, Object> header, Body body) {}

    /** An entry left by a gate that died, taken over by this one: its header, and where its message starts. */
    record Left(Path file, Map<String, Object> header, long bodyOffset, long bodySize) {
        String text(String key) {
            Object v = header.get(key);
            if (!(v instanceof String s)) throw new IllegalArgumentException("no " + key + " in the entry");
            return s;
        }

        double number(String key) {
            Object v = header.get(key);
            if (!(v instanceof Number n)) throw new IllegalArgumentException("no number " + key + " in the entry");
            return n.doubleValue();
        }

        String write() {
            return String.valueOf(header.get("write"));
        }

        String queueId() {
            return String.valueOf(header.get("queue_id"));
        }
    }

    private final Path root;
    /** This gate's folder, made at its first entry or take-over. */
    private final PutOffGateFolder folder;
    /** The store this gate writes to, as {@link #storeOf} names it. */
    private final String store;
    private final DecisionLog log;
    private final PutOffLimits limits = new PutOffLimits();

    private PutOffJournal(Path root, PutOffGateFolder folder, String store, DecisionLog log) {
        this.root = root;
        this.folder = folder;
        this.store = store;
        this.log = log;
    }

    /**
     * The journal in {@code quarantineDir}, where this gate's folder is made at its first entry. A
     * quarantine the gate cannot write gives a journal that keeps nothing (each write says so):
     * the gate still runs. {@code store} names the store this gate writes to (see {@link #storeOf}):
     * only the folders of gates of that store are taken over.
     */
    static PutOffJournal open(Path quarantineDir, String store, DecisionLog log) {
        Path root = quarantineDir.toAbsolutePath().normalize().resolve(DIR);
        return new PutOffJournal(root, PutOffGateFolder.ofNewGate(root, store), store, log);
    }

    /**
     * How a journal names the store {@code db}: its real path, so that the same store reached by
     * another name (a symbolic link, a relative path) is still the same, and two stores never are.
     */
    static String storeOf(Path db) {
        try {
            return db.toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return db.toAbsolutePath().normalize().toString();
        }
    }

    /**
     * Keeps {@code entry} durably; returns its file, to be given to {@link #done} or
     * {@link #setAside}. Throws, keeping nothing, when the journal is full or cannot be written.
     */
    Path keep(Entry entry) throws IOException {
        folder.own();
        long size = entry.body().size();
        limits.requireRoom(size, folder.path());
        long n = folder.nextNumber();
        Path tmp = folder.path().resolve(n + ".tmp");
        Path file = folder.path().resolve(n + SUFFIX);
        Map<String, Object> header = new LinkedHashMap<>(entry.header());
        header.put("bytes", size);
        PutOffEntryFile.write(tmp, file, header, entry.body(), size);
        limits.count(file, size);
        return file;
    }

    /**
     * The write of {@code file} is made: the entry goes. Not fsynced: should the removal not
     * survive a crash, the next start makes the write again, which changes nothing (the ledger
     * knows the message, the blocklist entry has the same expiry).
     */
    void done(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // made again at the next start, which changes nothing
        }
        limits.forget(file);
    }

    /** Moves {@code file} to {@code set-aside/} and says so in the log, with {@code why}. */
    void setAside(Path file, String write, String queueId, String why) {
        limits.forget(file);
        Path aside = root.resolve(SET_ASIDE).resolve(file.getParent().getFileName() + "-" + file.getFileName());
        String where;
        try {
            Files.createDirectories(aside.getParent());
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            where = "set aside as " + aside;
        } catch (IOException | RuntimeException e) {
            where = "left as " + file + " (cannot set it aside: " + e.getMessage() + ")";
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "write-set-aside");
        line.put("queue_id", queueId);
        line.put("write", write);
        line.put("detail", why + "; " + where);
        log.println(Gate.LOG_JSON.writeValueAsString(line));
    }

    /**
     * Takes over the entries of gates of this store that died (whose folder's lock this gate gets),
     * in the order they were written, moving them into this gate's folder; those that cannot be
     * read are set aside, each with a log line. The folders of dead gates of another store (gates
     * of several stores may share a quarantine) are left in place for a gate of that store, said
     * in one log line. Never throws: a journal that cannot be read is said in the log.
     */
    List<Left> takeOver() {
        return new PutOffTakeOver(root, folder, store, limits, log, this::setAside).run();
    }

    /** Entries kept and not yet made. */
    int entries() {
        return limits.entries();
    }

    /** Where the entries are, for the log. */
    String where() {
        return folder.path().toString();
    }

    /**
     * Lets go of this gate's folder: removed when empty, else left for the next gate to start,
     * which makes what is in it.
     */
    @Override
    public void close() {
        folder.close();
    }
}
