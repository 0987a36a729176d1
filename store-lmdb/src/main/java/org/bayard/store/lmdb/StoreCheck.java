package org.bayard.store.lmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Checks LMDB's data file with plain reads (see {@link PageCheck}): {@link #roots} only what every
 * open and transaction reaches first, {@link #all} every page the newest commit reaches.
 *
 * <p>A writer in another process may commit while the file is read. The pages of the newest
 * commit stay as they are until two more commits have been made (LMDB reuses a page only once
 * no snapshot can reach it), so a problem is reported only when the newest meta page still
 * names the same commit after it was found; otherwise the check starts again on the new one.
 */
final class StoreCheck {
    /** The names of the store's databases, as they are found in the main database. */
    private static final java.util.Map<String, PageCheck.Tree> NAMED = java.util.Map.of(
            "ledger", PageCheck.Tree.LEDGER, "meta", PageCheck.Tree.META, "tokens", PageCheck.Tree.TOKENS);
    private static final int ATTEMPTS = 3;

    /** The outcome: the first problem found, if any, and how many pages were read to find it. */
    record Result(Optional<String> problem, long pagesRead) {}

    private final FileChannel ch;
    private int pageSize;
    private long lastPage;
    private long pagesRead;
    /** Pages the walk found in a database (the freelist's own included), and pages the freelist lists. */
    private final BitSet used = new BitSet(), free = new BitSet();

    private StoreCheck(FileChannel ch) {
        this.ch = ch;
    }

    /**
     * The meta pages, the roots of the freelist and main database and the named databases'
     * records and roots, and that their page counts and the freelist (when one leaf of at most 64 KiB of
     * values) account for every page: about 10 pages read. Empty when the file is not an LMDB file at all
     * ({@link DataFileCheck} reports that) or holds no commit yet.
     */
    static Result roots(FileChannel ch) throws IOException {
        return run(ch, false);
    }

    /** Every page the newest commit reaches, from the roots down. */
    static Result all(FileChannel ch) throws IOException {
        return run(ch, true);
    }

    private static Result run(FileChannel ch, boolean everyPage) throws IOException {
        Result result = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            StoreCheck check = new StoreCheck(ch);
            long commit = check.newestCommit();
            result = new Result(check.check(everyPage), check.pagesRead);
            if (result.problem().isEmpty() || check.newestCommit() == commit) return result;
        }
        return result;
    }

    /**
     * Whether the file is too short to hold LMDB's two meta pages (of the size the first one
     * gives, else of the smallest size): what the open leaves to LMDB to refuse, but what a check
     * of every page, which runs no LMDB, must call damage rather than a store with no pages.
     */
    static boolean tooShortForMetaPages(FileChannel ch) throws IOException {
        if (ch.size() < 2 * 512) return true;
        ByteBuffer first = new StoreCheck(ch).readAt(0, PageCheck.META_END);
        int size = first.getInt(PageCheck.MAGIC_AT) == PageCheck.LMDB_MAGIC ? PageCheck.pageSize(first) : 512;
        return PageCheck.usablePageSize(size) && ch.size() < 2L * size;
    }

    private long newestCommit() throws IOException {
        ByteBuffer first = readAt(0, PageCheck.META_END);
        int size = PageCheck.pageSize(first);
        if (!PageCheck.usablePageSize(size)) return -1;
        ByteBuffer second = readAt(size, PageCheck.META_END);
        return Math.max(PageCheck.txnId(first), PageCheck.txnId(second));
    }

    private ByteBuffer readAt(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) break;
        }
        return b;
    }

    private Optional<String> check(boolean everyPage) throws IOException {
        // Too short to hold two meta pages of the smallest size: DataFileCheck and LMDB say what it is.
        if (ch.size() < 2 * 512) return Optional.empty();
        ByteBuffer first = readAt(0, PageCheck.META_END);
        if (first.getInt(PageCheck.MAGIC_AT) != PageCheck.LMDB_MAGIC) {
            return Optional.of("the first page is not LMDB's meta page (a file that is not a store's, or a page overwritten)");
        }
        pageSize = PageCheck.pageSize(first);
        if (!PageCheck.usablePageSize(pageSize)) return Optional.of("meta page 0 gives the page size " + pageSize);
        if (ch.size() < 2L * pageSize) return Optional.empty();
        ByteBuffer[] metas = {page(0), page(1)};
        for (int i = 0; i < 2; i++) {
            Optional<String> problem = PageCheck.meta(metas[i], i, pageSize);
            if (problem.isPresent()) return problem;
        }
        ByteBuffer meta = PageCheck.txnId(metas[1]) > PageCheck.txnId(metas[0]) ? metas[1] : metas[0];
        // Pages past the file's end are free (see DataFileCheck, which reports a file cut short): none is in a tree.
        lastPage = Math.min(PageCheck.lastPage(meta), ch.size() / pageSize - 1);
        Optional<String> problem = tree(meta, PageCheck.FREE_DB_AT, "the freelist", PageCheck.Tree.FREE, everyPage);
        if (problem.isPresent()) return problem;
        long mainRoot = meta.getLong(PageCheck.MAIN_DB_AT + PageCheck.DB_ROOT_AT);
        problem = tree(meta, PageCheck.MAIN_DB_AT, "the main database", PageCheck.Tree.MAIN, everyPage);
        if (problem.isPresent() || mainRoot == PageCheck.P_INVALID) return problem;
        ByteBuffer main = page(mainRoot);
        // A store's main database holds three records, on its root leaf; anything else is another program's.
        if ((meta.getShort(PageCheck.MAIN_DB_AT + PageCheck.DB_DEPTH_AT) & 0xffff) != 1) return Optional.empty();
        int keys = ((main.getShort(12) & 0xffff) - PageCheck.HEADER) / 2;
        for (int k = 0; k < keys; k++) {
            int node = main.getShort(PageCheck.HEADER + 2 * k) & 0xffff;
            int keySize = main.getShort(node + 6) & 0xffff;
            byte[] key = new byte[keySize];
            main.get(node + 8, key);
            String name = new String(key, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!NAMED.containsKey(name)) continue;
            problem = tree(main, node + 8 + keySize, "the " + name + " database", NAMED.get(name), everyPage);
            if (problem.isPresent()) return problem;
        }
        return everyPage ? everyPageAccountedFor() : pageCountsAddUp(meta, main);
    }

    /** Freelists of more leaf bytes than this are not read as a store opens: the count check is skipped. */
    private static final int FREELIST_READ_LIMIT = 64 << 10;

    /**
     * The open's cheap form of {@link #everyPageAccountedFor}, LMDB's own audit (mdb_audit): the
     * page counts the database records keep, plus the pages the freelist lists, make up every
     * page of the commit. A main root pointing to an older commit's pages made a store read as
     * that older one without an error (after a first train, empty). Skipped when the freelist is
     * more than one leaf or {@link #FREELIST_READ_LIMIT} bytes.
     */
    private Optional<String> pageCountsAddUp(ByteBuffer meta, ByteBuffer main) throws IOException {
        long freeRoot = meta.getLong(PageCheck.FREE_DB_AT + PageCheck.DB_ROOT_AT);
        if (lastPage >= Integer.MAX_VALUE || (meta.getShort(PageCheck.MAIN_DB_AT + PageCheck.DB_DEPTH_AT) & 0xffff) != 1) {
            return Optional.empty();
        }
        if (freeRoot != PageCheck.P_INVALID) {
            if ((meta.getShort(PageCheck.FREE_DB_AT + PageCheck.DB_DEPTH_AT) & 0xffff) != 1) return Optional.empty();
            ByteBuffer leaf = page(freeRoot);
            if (freeBytes(leaf) > FREELIST_READ_LIMIT) return Optional.empty();
            collectFree(leaf);
        }
        long counted = pagesOf(meta, PageCheck.FREE_DB_AT) + pagesOf(meta, PageCheck.MAIN_DB_AT);
        int keys = ((main.getShort(12) & 0xffff) - PageCheck.HEADER) / 2;
        for (int k = 0; k < keys; k++) {
            int node = main.getShort(PageCheck.HEADER + 2 * k) & 0xffff;
            counted += pagesOf(main, node + 8 + (main.getShort(node + 6) & 0xffff));
        }
        long pages = lastPage - 1;
        if (counted + free.cardinality() == pages) return Optional.empty();
        return Optional.of("its databases and freelist account for " + (counted + free.cardinality()) + " of its " + pages
                + " pages: a root points to an older commit's pages, or a database record was overwritten");
    }

    /** The branch, leaf and overflow pages an MDB_db record at {@code at} counts. */
    private static long pagesOf(ByteBuffer holder, int at) {
        return holder.getLong(at + 8) + holder.getLong(at + 16) + holder.getLong(at + 24);
    }

    /** The bytes of the values on a freelist leaf. */
    private static long freeBytes(ByteBuffer leaf) {
        long bytes = 0;
        int keys = ((leaf.getShort(12) & 0xffff) - PageCheck.HEADER) / 2;
        for (int k = 0; k < keys; k++) bytes += leaf.getInt(leaf.getShort(PageCheck.HEADER + 2 * k) & 0xffff) & 0xffffffffL;
        return bytes;
    }

    /**
     * LMDB keeps every page of a commit either in a database or in its freelist. Pages in neither
     * mean a root that points to an older commit's pages (a main root pointing at the first
     * commit's made a trained store read as empty: scores of 0.5, and a train into it lost what
     * the store held) or a page overwritten.
     */
    private Optional<String> everyPageAccountedFor() {
        if (lastPage >= Integer.MAX_VALUE) return Optional.empty();
        BitSet lost = new BitSet();
        lost.set(2, (int) lastPage + 1);
        lost.andNot(used);
        lost.andNot(free);
        if (lost.isEmpty()) return Optional.empty();
        return Optional.of(lost.cardinality() + " of its " + (lastPage - 1) + " pages are neither in a database nor free (the first is page "
                + lost.nextSetBit(0) + "): a root points to an older commit's pages, or pages were overwritten");
    }

    private ByteBuffer page(long pgno) throws IOException {
        pagesRead++;
        return PageCheck.read(ch, pageSize, pgno);
    }

    /** The tree whose MDB_db is at {@code at} in {@code holder}: its root, or every page under it. */
    private Optional<String> tree(ByteBuffer holder, int at, String name, PageCheck.Tree kind, boolean everyPage) throws IOException {
        Optional<String> problem = PageCheck.record(holder, at, name, kind, lastPage, pageSize);
        long root = holder.getLong(at + PageCheck.DB_ROOT_AT);
        if (problem.isPresent() || root == PageCheck.P_INVALID) return problem;
        int depth = holder.getShort(at + PageCheck.DB_DEPTH_AT) & 0xffff;
        BitSet seen = new BitSet();
        ArrayDeque<long[]> pending = new ArrayDeque<>();
        pending.add(new long[] {root, depth});
        while (!pending.isEmpty()) {
            long[] next = pending.poll();
            long pgno = next[0];
            int height = (int) next[1];
            if (pgno < Integer.MAX_VALUE && seen.get((int) pgno)) {
                return Optional.of("page " + pgno + " of " + name + " is reached twice");
            }
            if (pgno < Integer.MAX_VALUE) seen.set((int) pgno);
            List<Long> children = new ArrayList<>();
            ByteBuffer p = page(pgno);
            problem = PageCheck.treePage(p, pgno, height, kind, lastPage, children);
            if (problem.isPresent()) return Optional.of(problem.get() + " (in " + name + ")");
            if (!everyPage) break;
            used.set((int) pgno);
            if (kind == PageCheck.Tree.FREE && height == 1) collectFree(p);
            for (int i = 0; i < children.size(); i++) {
                long child = children.get(i);
                if (child > 0) {
                    pending.add(new long[] {child, height - 1});
                } else {
                    Optional<String> overflow = overflowAt(p, -child, children, i);
                    if (overflow.isPresent()) return Optional.of(overflow.get() + " (in " + name + ")");
                }
            }
        }
        return Optional.empty();
    }

    /** The overflow run at {@code pgno}, pointed to by the leaf node whose value size is looked up in {@code leaf}. */
    private Optional<String> overflowAt(ByteBuffer leaf, long pgno, List<Long> children, int index) throws IOException {
        long dataSize = 0;
        // the index-th child of a leaf is its index-th big node among its nodes
        int keys = ((leaf.getShort(12) & 0xffff) - PageCheck.HEADER) / 2;
        int big = 0;
        for (int k = 0; k < keys; k++) {
            int node = leaf.getShort(PageCheck.HEADER + 2 * k) & 0xffff;
            if ((leaf.getShort(node + 4) & PageCheck.F_BIGDATA) == 0) continue;
            if (big++ == index) {
                dataSize = leaf.getInt(node) & 0xffffffffL;
                break;
            }
        }
        ByteBuffer first = page(pgno);
        Optional<String> problem = PageCheck.overflowPage(first, pgno, dataSize, lastPage);
        if (problem.isEmpty()) used.set((int) pgno, (int) (pgno + (first.getInt(12) & 0xffffffffL)));
        return problem;
    }

    /** Adds the page numbers listed in a freelist leaf (each value: a count, then that many page numbers). */
    private void collectFree(ByteBuffer leaf) throws IOException {
        int keys = ((leaf.getShort(12) & 0xffff) - PageCheck.HEADER) / 2;
        for (int k = 0; k < keys; k++) {
            int node = leaf.getShort(PageCheck.HEADER + 2 * k) & 0xffff;
            long size = leaf.getInt(node) & 0xffffffffL;
            ByteBuffer ids;
            int at;
            if ((leaf.getShort(node + 4) & PageCheck.F_BIGDATA) != 0) {
                // checked by treePage and overflowPage: within the file, and of this size
                long overflow = leaf.getLong(node + 8 + (leaf.getShort(node + 6) & 0xffff));
                if (size > Integer.MAX_VALUE - PageCheck.HEADER) continue;
                ids = readAt(overflow * pageSize + PageCheck.HEADER, (int) size);
                at = 0;
            } else {
                ids = leaf;
                at = node + 8 + (leaf.getShort(node + 6) & 0xffff);
            }
            long count = size >= 8 ? ids.getLong(at) : 0;
            for (long i = 1; i <= count && 8 * (i + 1) <= size; i++) {
                long id = ids.getLong(at + (int) (8 * i));
                if (id >= 2 && id <= lastPage) free.set((int) id);
            }
        }
    }
}
