package org.bayard.core.store.dump;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import org.bayard.core.store.Counts;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;

/**
 * Writes one read view of a store, and the sender blocklist kept beside it, as a gzip-compressed
 * dump (format version 2).
 *
 * <p>Tokens and ledger entries are written sorted, so the same store state always gives the same
 * lines, whatever order the store keeps them in: two dumps compare with {@code zcmp}, and a
 * reader can reject a duplicate by checking order alone, in constant memory. Sorting holds
 * every token (8 bytes each) in memory for the length of the export; the counts are looked up
 * again, in batches, from the same view.
 */
public final class DumpWriter {
    static final Comparator<Digest> DIGEST_ORDER =
            Comparator.comparing(Digest::high, Long::compareUnsigned).thenComparing(Digest::low, Long::compareUnsigned);
    private static final int LOOKUP_BATCH = 4096;

    private final CRC32C crc = new CRC32C();
    private final OutputStream out;

    private DumpWriter(OutputStream out) {
        this.out = out;
    }

    /** What a dump holds, for the command's summary line. */
    public record Summary(Totals totals, long tokens, long ledgerEntries, long blocklistEntries) {}

    /**
     * Writes {@code view} to {@code out} and finishes the compressed stream; {@code out} is
     * flushed, not closed, so it may be standard output.
     */
    public static Summary write(ReadView view, int tokenizerVersion, Instant created, OutputStream out) throws IOException {
        return write(view, tokenizerVersion, created, List.of(), out);
    }

    /**
     * As {@link #write(ReadView, int, Instant, OutputStream)}, with the store's sender blocklist
     * (in any order; a pair listed twice keeps its later expiry).
     */
    public static Summary write(ReadView view, int tokenizerVersion, Instant created, List<BlockedSender> blocklist,
                                OutputStream out) throws IOException {
        // Finished, never closed: out may be standard output.
        GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
        DumpWriter w = new DumpWriter(new BufferedOutputStream(gzip, 1 << 16));
        Summary summary = w.writeAll(view, tokenizerVersion, created, blocklist);
        w.out.flush();
        gzip.finish();
        out.flush();
        return summary;
    }

    private Summary writeAll(ReadView view, int tokenizerVersion, Instant created, List<BlockedSender> blocklist) throws IOException {
        Totals totals = view.totals();
        line(DumpFormat.MAGIC + " " + DumpFormat.VERSION + " tokenizer=" + tokenizerVersion + " created=" + created);
        line(DumpFormat.TOTALS + " " + totals.ham() + " " + totals.spam());
        long tokens = writeTokens(view);
        List<LedgerEntry> ledger = new ArrayList<>();
        view.forEachLedgerEntry(ledger::add);
        ledger.sort(Comparator.comparing(LedgerEntry::digest, DIGEST_ORDER));
        for (LedgerEntry e : ledger) {
            line(DumpFormat.LEDGER + " " + e.digest() + " " + e.mailClass().label() + " " + e.source().label() + " "
                    + e.time() + " " + DumpFormat.encodeText(e.messageId()));
        }
        List<BlockedSender> blocked = distinct(blocklist);
        for (BlockedSender b : blocked) {
            line(DumpFormat.BLOCKED + " " + DumpFormat.encodeText(b.client()) + " " + DumpFormat.encodeText(b.sender()) + " "
                    + b.expires());
        }
        // The trailer is outside the checksum it carries.
        String trailer = String.format(Locale.ROOT, "%s tokens=%d ledger=%d blocklist=%d crc32c=%08x\n", DumpFormat.END, tokens,
                ledger.size(), blocked.size(), crc.getValue());
        out.write(trailer.getBytes(StandardCharsets.US_ASCII));
        return new Summary(totals, tokens, ledger.size(), blocked.size());
    }

    /** Sorted, one entry a pair (the later expiry): a reader refuses b lines out of order or repeated. */
    private static List<BlockedSender> distinct(List<BlockedSender> blocklist) {
        java.util.TreeMap<BlockedSender, BlockedSender> byPair = new java.util.TreeMap<>(BlockedSender.ORDER);
        for (BlockedSender b : blocklist) byPair.merge(b, b, (x, y) -> x.expires().isAfter(y.expires()) ? x : y);
        return List.copyOf(byPair.values());
    }

    private long writeTokens(ReadView view) throws IOException {
        LongArrayList all = new LongArrayList();
        view.forEachToken((token, counts) -> all.add(token));
        long[] tokens = all.toLongArray();
        // Flipping the sign bit turns unsigned order into signed order and back.
        for (int i = 0; i < tokens.length; i++) tokens[i] ^= Long.MIN_VALUE;
        Arrays.sort(tokens);
        for (int i = 0; i < tokens.length; i++) tokens[i] ^= Long.MIN_VALUE;
        long[] batch = new long[LOOKUP_BATCH];
        long[] counts = new long[LOOKUP_BATCH];
        for (int from = 0; from < tokens.length; from += LOOKUP_BATCH) {
            int n = Math.min(LOOKUP_BATCH, tokens.length - from);
            System.arraycopy(tokens, from, batch, 0, n);
            view.lookup(batch, n, counts);
            for (int i = 0; i < n; i++) {
                line(DumpFormat.TOKEN + " " + DumpFormat.token(batch[i]) + " " + Counts.ham(counts[i]) + " " + Counts.spam(counts[i]));
            }
        }
        return tokens.length;
    }

    private void line(String s) throws IOException {
        byte[] b = (s + "\n").getBytes(StandardCharsets.US_ASCII);
        crc.update(b);
        out.write(b);
    }
}
