package org.bayard.core.store.dump;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipException;
import org.bayard.core.store.Counts;
import org.bayard.core.store.IncompatibleStoreException;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.Totals;

/**
 * Reads a whole dump into memory and verifies it: structure, order, ranges, record counts and
 * checksum. Only a dump that passed everything is returned, so an importer never writes part of
 * a damaged file. Accepts the gzip-compressed form the writer produces (concatenated members read
 * as one stream, as gzip does; bytes after the last one refused) and the same text uncompressed
 * (a dump someone ran through {@code gunzip}).
 *
 * <p>Every failure is a {@link BadDumpException} whose message names the line, counted from 1
 * in the uncompressed text. The lines, their count and checksum are {@link DumpLines}'; the
 * values of their fields are parsed by {@link DumpValues}; this class checks the records' order.
 */
public final class DumpReader {
    private final DumpLines lines;
    private final DumpValues values;

    private DumpReader(InputStream in) {
        this.lines = new DumpLines(in);
        this.values = new DumpValues(lines);
    }

    /** Reads and verifies a dump of any tokenizer version. The stream is read to the end, not closed. */
    public static Dump read(InputStream in) throws BadDumpException {
        return read(in, -1);
    }

    /**
     * Reads and verifies a dump, refusing it right after the header when it was written by a
     * tokenizer other than {@code tokenizerVersion} (negative: accept any).
     *
     * @throws IncompatibleStoreException for a dump of another tokenizer version
     */
    public static Dump read(InputStream in, int tokenizerVersion) throws BadDumpException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        DumpReader r;
        try {
            r = new DumpReader(decompressed(buffered));
        } catch (IOException e) {
            throw new BadDumpException("not a Bayard dump: " + e.getMessage(), e);
        }
        return r.readAll(tokenizerVersion);
    }

    private static InputStream decompressed(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new BufferedInputStream(gzip ? new StrictGzipInputStream(in) : in, 1 << 16);
    }

    private Dump readAll(int expectedTokenizer) throws BadDumpException {
        try {
            return parse(expectedTokenizer);
        } catch (EOFException e) {
            throw new BadDumpException("the file ends early, in line " + (lines.lineNo() + 1) + " (truncated?)", e);
        } catch (StrictGzipInputStream.TrailingGarbageException e) {
            throw new BadDumpException(e.getMessage() + "; to import the dump it holds anyway, decompress it first"
                    + " (gzip -dc FILE | bayard db import -)", e);
        } catch (ZipException e) {
            throw new BadDumpException("the compressed data is damaged near line " + (lines.lineNo() + 1) + ": " + e.getMessage(), e);
        } catch (BadDumpException e) {
            throw e;
        } catch (IOException e) {
            throw new BadDumpException("cannot read the dump near line " + (lines.lineNo() + 1) + ": " + e.getMessage(), e);
        }
    }

    private Dump parse(int expectedTokenizer) throws IOException {
        lines.checkMagic();
        String[] header = lines.next(-1);
        if (header.length < 2 || !header[0].equals(DumpFormat.MAGIC)) throw lines.bad("not a Bayard dump header");
        int version = -1;
        for (int v = DumpFormat.OLDEST_VERSION; v <= DumpFormat.VERSION; v++) if (header[1].equals(Integer.toString(v))) version = v;
        if (version < 0) {
            throw lines.bad("dump format version '" + header[1] + "' is not supported (this bayard reads versions "
                    + DumpFormat.OLDEST_VERSION + " to " + DumpFormat.VERSION + ")");
        }
        int tokenizer = -1;
        Optional<Instant> created = Optional.empty();
        for (int i = 2; i < header.length; i++) {
            // Unknown keys are ignored: adding information does not need a new version.
            if (header[i].startsWith("tokenizer=")) tokenizer = (int) values.number(header[i].substring(10), Integer.MAX_VALUE, "tokenizer version");
            else if (header[i].startsWith("created=")) created = Optional.of(values.instant(header[i].substring(8)));
        }
        if (tokenizer < 0) throw lines.bad("the header has no tokenizer=N");
        if (expectedTokenizer >= 0 && tokenizer != expectedTokenizer) {
            throw new IncompatibleStoreException("the dump was written by tokenizer version " + tokenizer
                    + " but this store uses version " + expectedTokenizer
                    + "; counts of different tokenizers cannot be mixed: train the store from mail instead");
        }

        String[] t = lines.next(3);
        if (!t[0].equals(DumpFormat.TOTALS)) throw lines.bad("expected the totals line, found '" + t[0] + "'");
        Totals totals = new Totals(values.number(t[1], Long.MAX_VALUE, "ham total"), values.number(t[2], Long.MAX_VALUE, "spam total"));

        TotalsMismatch tokensOverTotals = new TotalsMismatch();
        TotalsMismatch ledgerOverTotals = new TotalsMismatch();
        long ledgerHam = 0;
        long ledgerSpam = 0;
        LongArrayList tokens = new LongArrayList();
        LongArrayList counts = new LongArrayList();
        List<LedgerEntry> ledger = new ArrayList<>();
        String[] f = lines.next(-1);
        for (; f[0].equals(DumpFormat.TOKEN); f = lines.next(-1)) {
            lines.expectFields(f, 4);
            long token = values.hex16(f[1]);
            if (!tokens.isEmpty() && Long.compareUnsigned(token, tokens.getLong(tokens.size() - 1)) <= 0) {
                throw lines.bad("token " + f[1] + " is out of order or repeated");
            }
            int ham = (int) values.number(f[2], Integer.MAX_VALUE, "ham count");
            int spam = (int) values.number(f[3], Integer.MAX_VALUE, "spam count");
            if (ham == 0 && spam == 0) throw lines.bad("token " + f[1] + " has no counts");
            if (ham > totals.ham()) tokensOverTotals.note(lines.lineNo(), "token " + f[1] + " counts " + ham + " ham messages", "ham", totals.ham());
            if (spam > totals.spam()) tokensOverTotals.note(lines.lineNo(), "token " + f[1] + " counts " + spam + " spam messages", "spam", totals.spam());
            tokens.add(token);
            counts.add(Counts.pack(ham, spam));
        }
        for (; f[0].equals(DumpFormat.LEDGER); f = lines.next(-1)) {
            lines.expectFields(f, 6);
            LedgerEntry e = new LedgerEntry(values.digest(f[1]), values.text(f[5]), values.mailClass(f[2]), values.source(f[3]), values.instant(f[4]));
            if (!ledger.isEmpty() && DumpWriter.DIGEST_ORDER.compare(e.digest(), ledger.getLast().digest()) <= 0) {
                throw lines.bad("ledger entry " + f[1] + " is out of order or repeated");
            }
            ledger.add(e);
            long learned = e.mailClass() == MailClass.HAM ? ++ledgerHam : ++ledgerSpam;
            long total = e.mailClass() == MailClass.HAM ? totals.ham() : totals.spam();
            if (learned > total) {
                ledgerOverTotals.note(lines.lineNo(), "the ledger lists " + learned + " " + e.mailClass().label() + " messages up to here",
                        e.mailClass().label(), total);
            }
        }
        List<BlockedSender> blocklist = new ArrayList<>();
        // format 1 has no b lines: one there is a damaged or edited file, refused below as an unexpected record
        for (; version >= 2 && f[0].equals(DumpFormat.BLOCKED); f = lines.next(-1)) {
            lines.expectFields(f, 4);
            BlockedSender b = new BlockedSender(values.blockedClient(f[1]), values.text(f[2], "sender"), values.instant(f[3]));
            if (!blocklist.isEmpty() && BlockedSender.ORDER.compare(b, blocklist.getLast()) <= 0) {
                throw lines.bad("blocklist entry " + f[1] + " " + f[2] + " is out of order or repeated");
            }
            blocklist.add(b);
        }
        if (!f[0].equals(DumpFormat.END)) throw lines.bad("unexpected record '" + f[0] + "'");
        checkTrailer(f, version, tokens.size(), ledger.size(), blocklist.size());
        if (lines.moreData()) throw lines.bad("there is data after the end line");
        // after the checksum, so that a damaged file is reported as damaged, not as this
        if (ledgerOverTotals.first().isPresent()) throw new BadDumpException(ledgerOverTotals.first().get());
        return new Dump(tokenizer, created, totals, tokens.toLongArray(), counts.toLongArray(), ledger, blocklist,
                tokensOverTotals.first());
    }

    /** Format 1's end line counts tokens and ledger entries; format 2's the blocklist entries too. */
    private void checkTrailer(String[] f, int version, int tokens, int ledger, int blocked) throws BadDumpException {
        boolean withBlocklist = version >= 2;
        lines.expectFields(f, withBlocklist ? 5 : 4);
        long expectedTokens = values.number(lines.field(f[1], "tokens="), Long.MAX_VALUE, "token count");
        long expectedLedger = values.number(lines.field(f[2], "ledger="), Long.MAX_VALUE, "ledger count");
        long expectedBlocked = withBlocklist ? values.number(lines.field(f[3], "blocklist="), Long.MAX_VALUE, "blocklist count") : 0;
        String sum = lines.field(f[withBlocklist ? 4 : 3], "crc32c=");
        if (expectedTokens != tokens || expectedLedger != ledger || expectedBlocked != blocked) {
            throw lines.bad("the end line promises " + expectedTokens + " tokens, " + expectedLedger + " ledger entries"
                    + (withBlocklist ? " and " + expectedBlocked + " blocklist entries" : "")
                    + ", the file holds " + tokens + ", " + ledger + (withBlocklist ? " and " + blocked : ""));
        }
        String actual = lines.checksum();
        if (!sum.equals(actual)) throw lines.bad("checksum mismatch (end line says crc32c=" + sum + ", data gives " + actual + "): the file is damaged");
    }
}
