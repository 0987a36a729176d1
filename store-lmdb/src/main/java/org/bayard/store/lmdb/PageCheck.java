package org.bayard.store.lmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Optional;

/**
 * Reads LMDB's data file with plain file reads and checks that a page is what LMDB will take it
 * for, so that damage becomes a sentence before LMDB's native code meets it: LMDB trusts its
 * pages, and a page number, a node offset or a node flag that is not what it wrote crashes the
 * JVM (an assertion's abort, SIGSEGV in mdb_xcursor_init1 for a node that claims duplicates,
 * SIGFPE for a page size of 0) instead of returning an error.
 *
 * <p>The layout is LMDB 0.9's (mdb.c), little-endian: a page header of 16 bytes (page number,
 * pad, flags, lower and upper bounds of the free space, or an overflow run's page count), node
 * offsets after it, nodes at the top (data size or child page number, flags, key size, key,
 * data); page 0 and 1 hold MDB_meta after the header.
 */
final class PageCheck {
    static final int HEADER = 16;
    static final int P_BRANCH = 0x01, P_LEAF = 0x02, P_OVERFLOW = 0x04, P_META = 0x08, P_LEAF2 = 0x20;
    /** The flags that say what a page is; the others (dirty, loose, keep) are never on disk or do not matter here. */
    private static final int KIND = P_BRANCH | P_LEAF | P_OVERFLOW | P_META | P_LEAF2;
    static final int F_BIGDATA = 0x01, F_SUBDATA = 0x02, F_DUPDATA = 0x04;
    /** An empty database's root. */
    static final long P_INVALID = -1L;
    /** LMDB's cursor stack: a tree deeper than this cannot be walked by LMDB at all. */
    static final int MAX_DEPTH = 32;

    /** MDB_meta after the page header: magic, version, address, map size, two MDB_db, last page, txn id. */
    static final int MAGIC_AT = HEADER, VERSION_AT = HEADER + 4, FREE_DB_AT = HEADER + 24, MAIN_DB_AT = HEADER + 72,
            LAST_PAGE_AT = HEADER + 120, TXNID_AT = HEADER + 128, META_END = HEADER + 136;
    static final int LMDB_MAGIC = 0xBEEFC0DE, DATA_VERSION = 1;
    /** MDB_db: pad (the page size, in the freelist's), flags, depth, page counts, entries, root. */
    static final int DB_FLAGS_AT = 4, DB_DEPTH_AT = 6, DB_ENTRIES_AT = 32, DB_ROOT_AT = 40, DB_SIZE = 48;
    /** MDB_INTEGERKEY: the freelist's keys are transaction ids. */
    static final int INTEGER_KEY = 0x08;

    /** Which database a page belongs to: what its leaf nodes may be, and its keys' size (-1: any). */
    enum Tree {
        /** The freelist: transaction id -> list of free pages, in the node or in overflow pages. */
        FREE(F_BIGDATA, Long.BYTES),
        /** The main database: the named databases' records. */
        MAIN(F_SUBDATA, -1),
        /** The store's databases (see Databases): plain keys and values, no duplicates. */
        TOKENS(F_BIGDATA, Long.BYTES),
        LEDGER(F_BIGDATA, 16),
        META(F_BIGDATA, -1);

        final int allowedNodeFlags;
        final int keySize;

        Tree(int allowedNodeFlags, int keySize) {
            this.allowedNodeFlags = allowedNodeFlags;
            this.keySize = keySize;
        }
    }

    private PageCheck() {}

    static ByteBuffer read(FileChannel ch, int pageSize, long pgno) throws IOException {
        ByteBuffer page = ByteBuffer.allocate(pageSize).order(ByteOrder.LITTLE_ENDIAN);
        long at = pgno * pageSize;
        while (page.hasRemaining()) {
            if (ch.read(page, at + page.position()) < 0) break;
        }
        return page;
    }

    /** The meta page's page size (the freelist's MDB_db pad), or 0 when there is none. */
    static int pageSize(ByteBuffer meta) {
        return meta.getInt(FREE_DB_AT);
    }

    static long lastPage(ByteBuffer meta) {
        return meta.getLong(LAST_PAGE_AT);
    }

    static long txnId(ByteBuffer meta) {
        return meta.getLong(TXNID_AT);
    }

    /** What is wrong with meta page {@code pgno}, as LMDB would read it; empty when it is sound. */
    static Optional<String> meta(ByteBuffer page, long pgno, int pageSize) {
        if (page.getLong(0) != pgno || (page.getShort(10) & KIND) != P_META) return Optional.of("page " + pgno + " is not a meta page");
        if (page.getInt(MAGIC_AT) != LMDB_MAGIC) return Optional.of("meta page " + pgno + " lacks LMDB's magic number");
        if (page.getInt(VERSION_AT) != DATA_VERSION) return Optional.of("meta page " + pgno + " has format version " + page.getInt(VERSION_AT));
        if (pageSize(page) != pageSize) {
            return Optional.of("meta page " + pgno + " gives the page size " + pageSize(page) + " where meta page 0 gives " + pageSize);
        }
        // LMDB keeps the environment's own flags beside it there, so only this one bit is certain
        if ((page.getShort(FREE_DB_AT + DB_FLAGS_AT) & INTEGER_KEY) == 0) {
            return Optional.of("meta page " + pgno + " has lost the freelist's flags");
        }
        if (lastPage(page) < 1) return Optional.of("meta page " + pgno + " gives the last page as " + lastPage(page));
        return Optional.empty();
    }

    /** Whether LMDB could use {@code pageSize}: a power of two it supports. */
    static boolean usablePageSize(int pageSize) {
        return pageSize >= 512 && pageSize <= 0x10000 && Integer.bitCount(pageSize) == 1;
    }

    /**
     * What is wrong with the database record {@code db} (an MDB_db at {@code at} in {@code holder})
     * named {@code name}, whose root must lie in pages 2 to {@code lastPage}; empty when sound.
     */
    static Optional<String> record(ByteBuffer holder, int at, String name, Tree tree, long lastPage, int pageSize) {
        int flags = holder.getShort(at + DB_FLAGS_AT) & 0xffff;
        // The store's databases and the main one have no flags (no duplicates, no integer keys);
        // the freelist's keys are integers, beside which LMDB keeps the environment's flags.
        if (tree == Tree.FREE ? (flags & INTEGER_KEY) == 0 : flags != 0) {
            return Optional.of(name + " has the flags 0x" + Integer.toHexString(flags) + ", which it is never given");
        }
        long entries = holder.getLong(at + DB_ENTRIES_AT);
        // each entry takes a node of at least 8 bytes and a 2-byte offset on some page
        if (entries < 0 || entries > (lastPage + 1) * pageSize / 10) {
            return Optional.of(name + " claims " + Long.toUnsignedString(entries) + " entries, more than its file can hold");
        }
        long root = holder.getLong(at + DB_ROOT_AT);
        if (root == P_INVALID) return Optional.empty();
        if (root < 2 || root > lastPage) {
            return Optional.of("the root of " + name + " is page " + Long.toUnsignedString(root) + ", outside pages 2 to " + lastPage);
        }
        int depth = holder.getShort(at + DB_DEPTH_AT) & 0xffff;
        if (depth < 1 || depth > MAX_DEPTH) return Optional.of(name + " claims a depth of " + depth);
        return Optional.empty();
    }

    /**
     * Checks one page of {@code tree} that LMDB will read as a branch or leaf page at the given
     * depth from the bottom (1: a leaf), and collects into {@code children} the pages it points to
     * (a branch's children, a leaf's overflow runs as negative numbers: {@code -pgno}), each
     * within pages 2 to {@code lastPage}. The problem, if any, names the page.
     */
    static Optional<String> treePage(ByteBuffer page, long pgno, int height, Tree tree, long lastPage, List<Long> children) {
        int size = page.capacity();
        if (page.getLong(0) != pgno) return Optional.of("page " + pgno + " says it is page " + Long.toUnsignedString(page.getLong(0)));
        int kind = page.getShort(10) & KIND;
        int expected = height == 1 ? P_LEAF : P_BRANCH;
        if (kind != expected) {
            return Optional.of("page " + pgno + " should be a " + (height == 1 ? "leaf" : "branch") + " page, but its flags are 0x"
                    + Integer.toHexString(page.getShort(10) & 0xffff));
        }
        int lower = page.getShort(12) & 0xffff, upper = page.getShort(14) & 0xffff;
        if (lower < HEADER || (lower - HEADER) % 2 != 0 || lower > upper || upper > size) {
            return Optional.of("page " + pgno + " has a broken header (free space from " + lower + " to " + upper + ")");
        }
        int keys = (lower - HEADER) / 2;
        if (keys < (kind == P_BRANCH ? 2 : 1)) {
            return Optional.of("page " + pgno + " has " + keys + (keys == 1 ? " key" : " keys") + ", too few for a " + (kind == P_BRANCH ? "branch" : "leaf"));
        }
        for (int k = 0; k < keys; k++) {
            int node = page.getShort(HEADER + 2 * k) & 0xffff;
            if (node < upper || node + 8 > size) return Optional.of("page " + pgno + " has node " + k + " at offset " + node + ", outside its nodes");
            int flags = page.getShort(node + 4) & 0xffff, keySize = page.getShort(node + 6) & 0xffff;
            if (node + 8 + keySize > size) return Optional.of("page " + pgno + " has node " + k + " with a key past the page's end");
            // (a branch's first key is never compared, and LMDB leaves it empty)
            if (tree.keySize >= 0 && keySize != tree.keySize && !(kind == P_BRANCH && k == 0)) {
                return Optional.of("page " + pgno + " has node " + k + " with a key of " + keySize + " bytes, where this database's are "
                        + tree.keySize);
            }
            if (kind == P_BRANCH) {
                long child = (page.getShort(node) & 0xffffL) | (page.getShort(node + 2) & 0xffffL) << 16 | (long) flags << 32;
                if (child < 2 || child > lastPage) {
                    return Optional.of("page " + pgno + " points to page " + child + ", outside pages 2 to " + lastPage);
                }
                children.add(child);
                continue;
            }
            long dataSize = page.getInt(node) & 0xffffffffL;
            if ((flags & ~tree.allowedNodeFlags) != 0 || (tree == Tree.MAIN && flags != F_SUBDATA)) {
                return Optional.of("page " + pgno + " has node " + k + " with flags 0x" + Integer.toHexString(flags)
                        + ", which this database never has");
            }
            int data = node + 8 + keySize;
            if ((flags & F_BIGDATA) != 0) {
                if (data + 8 > size) return Optional.of("page " + pgno + " has node " + k + " with its value past the page's end");
                long overflow = page.getLong(data);
                long pages = (dataSize + HEADER + size - 1) / size;
                if (overflow < 2 || overflow > lastPage || overflow + pages - 1 > lastPage) {
                    return Optional.of("page " + pgno + " points to overflow pages " + Long.toUnsignedString(overflow) + " (" + pages
                            + "), outside pages 2 to " + lastPage);
                }
                children.add(-overflow);
            } else if (data + dataSize > size) {
                return Optional.of("page " + pgno + " has node " + k + " with its value past the page's end");
            } else if (tree == Tree.MAIN && dataSize != DB_SIZE) {
                return Optional.of("page " + pgno + " has a database record of " + dataSize + " bytes");
            }
        }
        return Optional.empty();
    }

    /** Checks the first page of an overflow run that a leaf node of {@code dataSize} bytes points to. */
    static Optional<String> overflowPage(ByteBuffer page, long pgno, long dataSize, long lastPage) {
        if (page.getLong(0) != pgno || (page.getShort(10) & KIND) != P_OVERFLOW) {
            return Optional.of("page " + pgno + " should begin an overflow run");
        }
        long pages = page.getInt(12) & 0xffffffffL;
        if (pages < 1 || pgno + pages - 1 > lastPage || pages * page.capacity() < dataSize + HEADER) {
            return Optional.of("overflow page " + pgno + " claims a run of " + pages + " pages");
        }
        return Optional.empty();
    }
}
