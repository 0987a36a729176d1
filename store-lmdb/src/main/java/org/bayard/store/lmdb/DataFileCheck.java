package org.bayard.store.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a store's data.mdb is whole and sound, read with plain file reads before LMDB maps it.
 * Why a class of its own: LMDB trusts the file it maps, and a file cut short or a damaged page
 * kills the JVM (SIGBUS, an assertion) instead of failing, so each open asks this first; the
 * store's folder, its lock file and who may write them are {@link StoreDirectory}'s.
 */
final class DataFileCheck {
    /** The store's directory, as its messages name it. */
    private final Path store;
    private final Path data;

    private DataFileCheck(Path store, Path data) {
        this.store = store;
        this.data = data;
    }

    static DataFileCheck of(StoreDirectory dir) {
        return new DataFileCheck(dir.path(), dir.dataFile());
    }

    /** How long an empty data file is given to get the first pages another process is creating it with. */
    private static final long CREATION_GRACE_MILLIS = 1_000;

    /**
     * Whether the data file holds anything, now or within {@link #CREATION_GRACE_MILLIS}: a process
     * creating the store has made the file and is writing its first pages, and a command opening
     * the store in that instant must not call it damaged and ask for it to be removed.
     */
    private static boolean hasContentSoon(FileChannel ch) throws IOException {
        long deadline = System.nanoTime() + CREATION_GRACE_MILLIS * 1_000_000;
        while (ch.size() == 0) {
            if (System.nanoTime() >= deadline) return false;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses a data file shorter than its own last committed page, as a copy cut short leaves it:
     * LMDB maps the file and would touch pages past its end, which kills the JVM with SIGBUS
     * instead of raising an error. Reads the two meta pages (LMDB's {@code MDB_meta}, little-endian
     * on the platforms we load LMDB for) and takes the newer, as LMDB does. A committing writer
     * extends the file before it writes the meta page that points past the old end, so a store in
     * use never looks cut short, but for one case: pages a transaction took from the end and
     * freed again before its commit are never written, so the file may end before the last page
     * when all the pages past its end are free. Those are looked up in LMDB's freelist, and such a
     * file is whole (a restored store after a large forget was refused as damaged). A file too
     * short or strange to hold two meta pages is left to LMDB, which reports it as not an LMDB file,
     * but for an empty one, which LMDB would silently make a new, empty store.
     */
    void requireWhole() {
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
            if (!hasContentSoon(ch)) {
                // LMDB takes an empty file for a new store and writes one over it: a store cut to
                // nothing would come back empty, its counts lost. LMDB writes the first pages as it
                // opens a new file, so one still empty a moment later was cut (or its creation
                // crashed at once).
                String message = "LMDB store at " + store + " is damaged: " + data.getFileName() + " is empty (cut short?)."
                        + " Restore the store from a dump ('bayard db import' into an empty --db) or a whole copy;"
                        + " to start an empty store, remove " + data;
                throw new UncheckedIOException(message, new IOException(message));
            }
            requireNotCutShort(ch);
            requireSoundRoots(ch);
        } catch (NoSuchFileException e) {
            // a new store: LMDB creates the file
        } catch (IOException e) {
            String message = "cannot read " + data + ": " + StoreDirectory.reason(e);
            throw new UncheckedIOException(message, new IOException(message, e));
        }
    }

    /**
     * Refuses a file whose meta pages, or the root pages of its databases, are not what LMDB
     * wrote (see {@link StoreCheck#roots}): LMDB trusts them, and such damage crashed the JVM
     * (a page size of 0 in mdb_env_open2, a root of page 1 in an assertion) or let a write go on
     * into a store read with the wrong page size. At most 8 pages are read, once per open: about
     * 2 ms in a command's fresh JVM (loading the check's classes included, measured from the
     * class-load log of a {@code bayard score}), 50-90 us warm, with the file in the page cache.
     */
    private void requireSoundRoots(FileChannel ch) throws IOException {
        java.util.Optional<String> problem = StoreCheck.roots(ch).problem();
        if (problem.isPresent()) {
            String message = "LMDB store at " + store + " is damaged: in " + data.getFileName() + ", " + problem.get() + "." + RESTORE;
            throw new UncheckedIOException(message, new IOException(message));
        }
    }

    /** Checks every page of the newest commit (see {@link StoreCheck#all}); returns how many pages were read. */
    long requireEveryPageSound() {
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
            if (StoreCheck.tooShortForMetaPages(ch)) {
                String message = "LMDB store at " + store + " is damaged: " + data.getFileName() + " is " + ch.size()
                        + " bytes, too short for LMDB's two meta pages (cut short?). Restore the store from a dump"
                        + " ('bayard db import' into an empty --db) or a whole copy";
                throw new UncheckedIOException(message, new IOException(message));
            }
            StoreCheck.Result result = StoreCheck.all(ch);
            if (result.problem().isPresent()) {
                String message = "LMDB store at " + store + " is damaged: in " + data.getFileName() + ", " + result.problem().get()
                        + ". Restore the store from a dump ('bayard db import' into an empty --db) or a whole copy";
                throw new UncheckedIOException(message, new IOException(message));
            }
            return result.pagesRead();
        } catch (IOException e) {
            String message = "cannot read " + data + ": " + StoreDirectory.reason(e);
            throw new UncheckedIOException(message, new IOException(message, e));
        }
    }

    /** What a damaged store's message says to do. */
    static final String RESTORE = " Restore the store from a dump ('bayard db import' into an empty --db) or a whole copy;"
            + " 'bayard db check' reads every page and says whether a store is whole";

    /**
     * The newer of the file's two meta pages, as LMDB takes it (the first alone when the second is
     * missing); null when the file does not begin with an LMDB meta page of a usable page size, or
     * its two meta pages give two page sizes: damage that {@link #requireSoundRoots} names, where a
     * size read from the damaged page called a whole file cut short.
     */
    private static ByteBuffer newerMeta(FileChannel ch) throws IOException {
        ByteBuffer first = metaAt(ch, 0);
        if (first == null) return null;
        int pageSize = first.getInt(PAGE_HEADER + PAGE_SIZE_AT);
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) return null;
        ByteBuffer second = metaAt(ch, pageSize);
        if (second == null) {
            // no second page where the first says: the first's size is damaged if a meta page is elsewhere
            for (int size = 512; size <= 65536; size <<= 1) if (size != pageSize && metaAt(ch, size) != null) return null;
            return first;
        }
        if (second.getInt(PAGE_HEADER + PAGE_SIZE_AT) != pageSize) return null;
        return second.getLong(PAGE_HEADER + TXNID_AT) > first.getLong(PAGE_HEADER + TXNID_AT) ? second : first;
    }

    /** The start of an LMDB meta page at {@code offset}, up to its transaction id; null when there is none. */
    private static ByteBuffer metaAt(FileChannel ch, long offset) throws IOException {
        ByteBuffer meta = ByteBuffer.allocate(META_END).order(ByteOrder.LITTLE_ENDIAN);
        return ch.read(meta, offset) == META_END && meta.getInt(PAGE_HEADER) == LMDB_MAGIC ? meta : null;
    }

    private void requireNotCutShort(FileChannel ch) throws IOException {
        ByteBuffer newer = newerMeta(ch);
        if (newer == null) return;
        int pageSize = newer.getInt(PAGE_HEADER + PAGE_SIZE_AT);
        long lastPage = newer.getLong(PAGE_HEADER + LAST_PAGE_AT);
        long needed = (lastPage + 1) * pageSize;
        long size = ch.size();
        if (lastPage >= 0 && size < needed && newer.getLong(PAGE_HEADER + TXNID_AT) == 0) {
            // Transaction 0 is LMDB creating the file: nothing was ever committed to it.
            String message = "LMDB store at " + store + " cannot be opened: " + data.getFileName() + " is what is left"
                    + " of its creation, cut short (by a full disk?), and holds nothing learned; delete " + data
                    + " and run the command again";
            throw new UncheckedIOException(message, new IOException(message));
        }
        if (lastPage >= 0 && size < needed
                && !(size % pageSize == 0 && freePages(ch, pageSize, newer.getLong(PAGE_HEADER + FREE_ROOT_AT), size / pageSize, lastPage))) {
            String message = "LMDB store at " + store + " is damaged: " + data.getFileName() + " is " + size
                    + " bytes, but its last committed page ends at byte " + needed + " (a copy cut short?). Restore"
                    + " the store from a dump ('bayard db import' into an empty --db), or copy it again whole";
            throw new UncheckedIOException(message, new IOException(message));
        }
    }

    /**
     * After LMDB failed to create the data file: deletes what it left if that is shorter than the
     * two meta pages it writes first, as a full disk leaves it (the first page written, the
     * second cut off). Such a file holds nothing, and no process can open it, but every later
     * open took it for a store cut short and refused it as damaged, also once the disk had room.
     * A file that holds both meta pages is left: another process may have opened it since.
     */
    void discardCutShortCreation() {
        try {
            long size;
            int pageSize;
            try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
                size = ch.size();
                ByteBuffer first = metaAt(ch, 0);
                pageSize = first != null ? first.getInt(PAGE_HEADER + PAGE_SIZE_AT) : 0;
            }
            if (pageSize <= 0 || size < 2L * pageSize) Files.deleteIfExists(data);
        } catch (IOException e) {
            // nothing there to discard, or it cannot be: the open's own error says what is wrong
        }
    }

    /**
     * Whether the data file at {@code data} holds nothing learned: LMDB's first two meta pages and
     * no commit (transaction 0 in both), as a process killed while it made the store leaves it, or
     * only the store's making (its databases and stamp, transaction 1: see
     * {@code StoreOpening.openOnWriter}), as one killed before its first write leaves it (a
     * {@code db import} into a new folder, a {@code tte}). False for anything else, a file that
     * cannot be read or is no LMDB file included: opening it says what is wrong with it.
     */
    static boolean holdsNothingLearned(Path data) {
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
            ByteBuffer newer = newerMeta(ch);
            return newer != null && ch.size() >= 2L * newer.getInt(PAGE_HEADER + PAGE_SIZE_AT)
                    && newer.getLong(PAGE_HEADER + TXNID_AT) <= MAKING;
        } catch (IOException e) {
            return false;
        }
    }

    /** The transaction that makes a store, its first. */
    static final long MAKING = 1;

    /**
     * Whether every page from {@code from} to {@code last} is in the freelist whose B-tree root is
     * {@code root}, reading only pages inside the file. The freelist maps a transaction id to an
     * ID list ({@code count, pgno...}, 8 bytes each), in the node or in overflow pages.
     */
    private static boolean freePages(FileChannel ch, int pageSize, long root, long from, long last) throws IOException {
        if (last - from >= Integer.MAX_VALUE || root < 0) return false;
        java.util.BitSet free = new java.util.BitSet((int) (last - from + 1));
        java.util.ArrayDeque<Long> pending = new java.util.ArrayDeque<>();
        pending.add(root);
        int visited = 0;
        long pagesInFile = ch.size() / pageSize;
        while (!pending.isEmpty()) {
            long pgno = pending.poll();
            if (pgno < 2 || pgno >= pagesInFile || ++visited > 1_000_000) return false;
            ByteBuffer page = readPage(ch, pageSize, pgno);
            int flags = page.getShort(10) & 0xffff;
            int keys = ((page.getShort(12) & 0xffff) - PAGE_HEADER) / 2;
            if (keys < 0 || PAGE_HEADER + 2 * keys > pageSize) return false;
            for (int k = 0; k < keys; k++) {
                int node = page.getShort(PAGE_HEADER + 2 * k) & 0xffff;
                if (node + 8 > pageSize) return false;
                long lo = page.getShort(node) & 0xffff, hi = page.getShort(node + 2) & 0xffff;
                int nodeFlags = page.getShort(node + 4) & 0xffff, keySize = page.getShort(node + 6) & 0xffff;
                if ((flags & P_BRANCH) != 0) {
                    pending.add(lo | hi << 16 | (long) nodeFlags << 32);
                    continue;
                }
                if ((flags & P_LEAF) == 0) return false;
                long dataSize = lo | hi << 16;
                int data = node + 8 + keySize;
                ByteBuffer ids;
                int at;
                if ((nodeFlags & F_BIGDATA) != 0) {
                    if (data + 8 > pageSize) return false;
                    long overflow = page.getLong(data);
                    if (overflow < 2 || (overflow + 1) * pageSize + dataSize > ch.size() + pageSize || dataSize > Integer.MAX_VALUE - PAGE_HEADER) return false;
                    ids = ByteBuffer.allocate((int) dataSize).order(ByteOrder.LITTLE_ENDIAN);
                    if (ch.read(ids, overflow * pageSize + PAGE_HEADER) < dataSize) return false;
                    at = 0;
                } else {
                    if (data + dataSize > pageSize) return false;
                    ids = page;
                    at = data;
                }
                if (dataSize < 8) return false;
                long count = ids.getLong(at);
                if (count < 0 || 8 * (count + 1) > dataSize) return false;
                for (long i = 1; i <= count; i++) {
                    long id = ids.getLong(at + (int) (8 * i));
                    if (id >= from && id <= last) free.set((int) (id - from));
                }
            }
        }
        return free.cardinality() == last - from + 1;
    }

    private static ByteBuffer readPage(FileChannel ch, int pageSize, long pgno) throws IOException {
        ByteBuffer page = ByteBuffer.allocate(pageSize).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(page, pgno * pageSize);
        return page;
    }

    /** Page and node flags (mdb.c). */
    private static final int P_BRANCH = 0x01, P_LEAF = 0x02, F_BIGDATA = 0x01;
    /** mm_dbs[FREE_DBI].md_root: the freelist's root page. */
    private static final int FREE_ROOT_AT = 24 + 40;

    /** Offsets in LMDB's data file (lmdb.h/mdb.c): a page header of 16 bytes, then MDB_meta. */
    private static final int PAGE_HEADER = 16;
    private static final int LMDB_MAGIC = 0xBEEFC0DE;
    /** mm_dbs[FREE_DBI].md_pad holds the page size; after magic, version, address and map size. */
    private static final int PAGE_SIZE_AT = 24;
    /** mm_last_pg and mm_txnid follow the two MDB_db records of 48 bytes. */
    private static final int LAST_PAGE_AT = 24 + 2 * 48;
    private static final int TXNID_AT = LAST_PAGE_AT + 8;
    private static final int META_END = PAGE_HEADER + TXNID_AT + 8;
}
