package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Finds places in a store's data.mdb by reading LMDB's layout (0.9, mdb.c; 4 KiB pages,
 * little-endian), and damages them, for tests of damaged stores: a meta page is a page header of
 * 16 bytes then MDB_meta, whose two database records (48 bytes each) begin at byte 24 of it.
 */
final class StorePages {
    static final int PAGE = 4096;

    private final Path data;

    StorePages(Path data) {
        this.data = data;
    }

    void write(long offset, long value, int bytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).flip().limit(bytes);
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.write(b, offset);
        }
    }

    void zeroPage(long pgno) throws IOException {
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(PAGE), pgno * PAGE);
        }
    }

    private ByteBuffer file() throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(data)).order(ByteOrder.LITTLE_ENDIAN);
    }

    long readLong(long offset) throws IOException {
        return file().getLong((int) offset);
    }

    int readShort(long offset) throws IOException {
        return file().getShort((int) offset) & 0xffff;
    }

    /** The meta page (0 or 1) with the higher transaction id, which LMDB uses. */
    long newestMeta() throws IOException {
        ByteBuffer f = file();
        return f.getLong(PAGE + 16 + 128) > f.getLong(16 + 128) ? 1 : 0;
    }

    long mainRoot() throws IOException {
        return file().getLong((int) (newestMeta() * PAGE + 16 + 72 + 40));
    }

    /** Where, in the main database's root leaf, the node of the named database begins. */
    int nodeOffset(long main, String name) throws IOException {
        ByteBuffer f = file();
        int page = (int) (main * PAGE);
        int keys = ((f.getShort(page + 12) & 0xffff) - 16) / 2;
        for (int k = 0; k < keys; k++) {
            int node = f.getShort(page + 16 + 2 * k) & 0xffff;
            int keySize = f.getShort(page + node + 6) & 0xffff;
            byte[] key = new byte[keySize];
            f.get(page + node + 8, key);
            if (new String(key, StandardCharsets.US_ASCII).equals(name)) return node;
        }
        throw new AssertionError("no database " + name + " in the main database");
    }

    /** The root page of the named database, a branch page (as a trained store's tokens have). */
    long namedRoot(String name) throws IOException {
        long main = mainRoot();
        int node = nodeOffset(main, name);
        ByteBuffer f = file();
        int keySize = f.getShort((int) (main * PAGE + node + 6)) & 0xffff;
        long root = f.getLong((int) (main * PAGE + node + 8 + keySize + 40));
        assertThat(f.getShort((int) (root * PAGE + 10)) & 0x03).as("a branch root").isEqualTo(1);
        return root;
    }

    /** The leaf reached from {@code branch} by following each level's second child. */
    long leafUnder(long branch) throws IOException {
        ByteBuffer f = file();
        long pgno = branch;
        while ((f.getShort((int) (pgno * PAGE + 10)) & 0x01) != 0) {
            int node = f.getShort((int) (pgno * PAGE + 16 + 2)) & 0xffff;
            int at = (int) (pgno * PAGE + node);
            pgno = (f.getShort(at) & 0xffffL) | (f.getShort(at + 2) & 0xffffL) << 16 | (f.getShort(at + 4) & 0xffffL) << 32;
        }
        return pgno;
    }

    /** The page number of the last page the newest commit uses. */
    long lastPage() throws IOException {
        return file().getLong((int) (newestMeta() * PAGE + 16 + 120));
    }

    /** The second child of {@code branch} (a branch page). */
    long secondChild(long branch) throws IOException {
        ByteBuffer f = file();
        int node = f.getShort((int) (branch * PAGE + 16 + 2)) & 0xffff;
        int at = (int) (branch * PAGE + node);
        return (f.getShort(at) & 0xffffL) | (f.getShort(at + 2) & 0xffffL) << 16 | (f.getShort(at + 4) & 0xffffL) << 32;
    }

    /** Points the second child of {@code branch} at page {@code pgno}. */
    void pointSecondChildAt(long branch, long pgno) throws IOException {
        pointChildAt(branch, 1, pgno);
    }

    /** Points child {@code index} of {@code branch} at page {@code pgno}. */
    void pointChildAt(long branch, int index, long pgno) throws IOException {
        int node = readShort(branch * PAGE + 16 + 2L * index);
        write(branch * PAGE + node, pgno & 0xffffffffL, 4);
        write(branch * PAGE + node + 4, pgno >>> 32, 2);
    }

    /** Every leaf under {@code branch}, in key order. */
    java.util.List<Long> leavesUnder(long branch) throws IOException {
        ByteBuffer f = file();
        if ((f.getShort((int) (branch * PAGE + 10)) & 0x01) == 0) return java.util.List.of(branch);
        java.util.List<Long> leaves = new java.util.ArrayList<>();
        int keys = ((f.getShort((int) (branch * PAGE + 12)) & 0xffff) - 16) / 2;
        for (int k = 0; k < keys; k++) {
            int at = (int) (branch * PAGE + (f.getShort((int) (branch * PAGE + 16 + 2 * k)) & 0xffff));
            leaves.addAll(leavesUnder((f.getShort(at) & 0xffffL) | (f.getShort(at + 2) & 0xffffL) << 16 | (f.getShort(at + 4) & 0xffffL) << 32));
        }
        return leaves;
    }

    /** The leaf with the highest page number under {@code branch}: the one nearest the file's end. */
    long lastLeafUnder(long branch) throws IOException {
        ByteBuffer f = file();
        if ((f.getShort((int) (branch * PAGE + 10)) & 0x01) == 0) return branch;
        long last = -1;
        int keys = ((f.getShort((int) (branch * PAGE + 12)) & 0xffff) - 16) / 2;
        for (int k = 0; k < keys; k++) {
            int at = (int) (branch * PAGE + (f.getShort((int) (branch * PAGE + 16 + 2 * k)) & 0xffff));
            long child = (f.getShort(at) & 0xffffL) | (f.getShort(at + 2) & 0xffffL) << 16 | (f.getShort(at + 4) & 0xffffL) << 32;
            last = Math.max(last, lastLeafUnder(child));
        }
        return last;
    }

    /** Where the named database's record (an MDB_db of 48 bytes) begins in the file. */
    long recordOffset(String name) throws IOException {
        long main = mainRoot();
        int node = nodeOffset(main, name);
        return main * PAGE + node + 8 + readShort(main * PAGE + node + 6);
    }

    /** Flags the first node of {@code leaf} as holding duplicates, which a store never writes. */
    void flagFirstNodeAsDuplicates(long leaf) throws IOException {
        int node = readShort(leaf * PAGE + 16);
        write(leaf * PAGE + node + 4, 0x04, 2);
    }
}
