package org.bayard.core.store.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bayard.core.store.dump.DumpRoundTripTest.export;
import static org.bayard.core.store.dump.DumpRoundTripTest.gunzip;
import static org.bayard.core.store.dump.DumpRoundTripTest.read;
import static org.bayard.core.store.dump.DumpRoundTripTest.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** No damage to a dump gets past the reader as a different dump. */
class DamagedDumpTest {
    static byte[] gz;
    static byte[] text;
    static Dump original;

    @BeforeAll
    static void writeOne() throws IOException {
        gz = export(sample(11, 40, 6));
        text = gunzip(gz);
        original = read(gz);
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String textWith(String from, String to) {
        String s = new String(text, StandardCharsets.US_ASCII);
        assertThat(s).contains(from);
        return s.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    @Test
    void everyTruncationIsRefused() {
        for (byte[] whole : new byte[][] {gz, text}) {
            for (int len = 0; len < whole.length; len++) {
                byte[] cut = Arrays.copyOf(whole, len);
                assertThatThrownBy(() -> read(cut)).as("cut at %d of %d", len, whole.length).isInstanceOf(BadDumpException.class);
            }
        }
    }

    @Test
    void everyChangedByteOfTheTextIsRefused() {
        for (int i = 0; i < text.length; i++) {
            for (int flip : new int[] {0x01, 0x20, 0xff}) {
                byte[] bad = text.clone();
                bad[i] ^= (byte) flip;
                int at = i;
                assertThatThrownBy(() -> read(bad)).as("byte %d ^ %02x", at, flip).isInstanceOf(BadDumpException.class);
            }
        }
    }

    /**
     * Deflate ignores some bits (the gzip header's time and OS bytes, padding after the last
     * block), so a changed byte may still give the same dump; it must never give another one.
     */
    @Test
    void aChangedByteOfTheCompressedFileIsRefusedOrChangesNothing() throws IOException {
        int refused = 0;
        for (int i = 0; i < gz.length; i++) {
            byte[] bad = gz.clone();
            bad[i] ^= 0x10;
            try {
                assertThat(read(bad)).as("byte %d", i).usingRecursiveComparison().isEqualTo(original);
            } catch (BadDumpException e) {
                refused++;
                assertThat(e.getMessage()).doesNotContain("\n");
            }
        }
        assertThat(refused).isGreaterThan(gz.length - 12);
    }

    @Test
    void errorsNameTheProblemAndTheLine() throws IOException {
        assertThatThrownBy(() -> read("PK\3\4 not a dump".getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("not a Bayard dump (it does not begin with 'bayard-dump')");
        assertThatThrownBy(() -> read(gzip("hello world\n")))
                .hasMessage("not a Bayard dump (it does not begin with 'bayard-dump')");
        assertThatThrownBy(() -> read(textWith("bayard-dump 2 ", "bayard-dump 3 ").getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("line 1: dump format version '3' is not supported (this bayard reads versions 1 to 2)");
        assertThatThrownBy(() -> read(gzip(textWith("\nt ", "\nt 0000000000000000 0 0\nt "))))
                .hasMessage("line 3: token 0000000000000000 has no counts");
        assertThatThrownBy(() -> read(gzip(textWith("\nl ", "\nl 00 ham manual 2026-01-01T00:00:00Z -\nl "))))
                .hasMessageStartingWith("line " + (3 + 40) + ": bad digest '00'");
        assertThatThrownBy(() -> read(gzip(textWith("\nend tokens=40", "\nend tokens=41"))))
                .hasMessage("line " + (3 + 46) + ": the end line promises 41 tokens, 6 ledger entries and 0 blocklist entries,"
                        + " the file holds 40, 6 and 0");
        assertThatThrownBy(() -> read(gzip(new String(text, StandardCharsets.US_ASCII) + "t 00 1 1\n")))
                .hasMessage("line " + (3 + 46) + ": there is data after the end line");
    }

    /**
     * An empty file (a backup job that failed before writing, a copy cut to nothing) was "not a
     * Bayard dump", which sends the reader looking for another program's file; a dump whose LFs a
     * text-mode copy turned into CR LF was refused at "line 1: bad time '...\u000d'". Both say what
     * happened to the file.
     */
    @Test
    void anEmptyFileAndCrLfLineEndsAreNamed() throws IOException {
        for (byte[] empty : new byte[][] {new byte[0], gzip("")}) {
            assertThatThrownBy(() -> read(empty)).isInstanceOf(BadDumpException.class)
                    .hasMessage("the file is empty (a backup that was never written, or a copy cut to nothing)");
        }
        byte[] crlf = new String(text, StandardCharsets.US_ASCII).replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (byte[] converted : new byte[][] {crlf, gzip(new String(crlf, StandardCharsets.US_ASCII))}) {
            assertThatThrownBy(() -> read(converted)).isInstanceOf(BadDumpException.class)
                    .hasMessage("line 1 ends in CR LF: the dump was copied as text (FTP's ASCII mode, a Windows editor),"
                            + " which changed its line ends; copy it as a binary file");
        }
    }

    /**
     * The dump text with its end line's checksum made right again, as a hand-edited or foreign
     * dump would have it: the checks on each line must refuse it on their own, not leave it to the sum.
     */
    private static byte[] resummed(String s) {
        int end = s.lastIndexOf("\nend ") + 1;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(s.substring(0, end).getBytes(StandardCharsets.US_ASCII));
        String endLine = s.substring(end).replaceFirst("crc32c=[0-9a-f]{8}", String.format("crc32c=%08x", crc.getValue()));
        return (s.substring(0, end) + endLine).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aDumpWithAGoodChecksumIsStillCheckedLineByLine() throws IOException {
        String s = new String(text, StandardCharsets.US_ASCII);
        assertThat(read(resummed(s))).usingRecursiveComparison().isEqualTo(original);

        int start = s.indexOf("\nl ") + 1;
        String entry = s.substring(start, s.indexOf('\n', start) + 1);
        int entries = original.ledger().size();
        String twice = textWith(entry, entry + entry).replace(" ledger=" + entries + " ", " ledger=" + (entries + 1) + " ");
        assertThatThrownBy(() -> read(resummed(twice))).hasMessageContaining("ledger entry ")
                .hasMessageEndingWith("is out of order or repeated");
        assertThatThrownBy(() -> read(resummed(textWith("\nt ", "\nt 0000000000000001 2147483648 1\nt ")
                .replace(" tokens=40 ", " tokens=41 ")))).hasMessage("line 3: ham count out of range: 2147483648");
        assertThatThrownBy(() -> read(resummed(textWith(" tokenizer=1", ""))))
                .hasMessage("line 1: the header has no tokenizer=N");
        assertThatThrownBy(() -> read(resummed(textWith("\ntotals ", "\ntotal "))))
                .hasMessage("line 2: expected the totals line, found 'total'");
    }

    @Test
    void aRepeatedTokenIsRefused() throws IOException {
        String s = new String(text, StandardCharsets.US_ASCII);
        int start = s.indexOf("\nt ") + 1;
        String firstToken = s.substring(start, s.indexOf('\n', start) + 1);
        assertThatThrownBy(() -> read(gzip(s.substring(0, start) + firstToken + s.substring(start))))
                .hasMessageContaining("line 4: token ").hasMessageEndingWith("is out of order or repeated");
    }

    @Test
    void theMessageIdEncodingRoundTripsAnything() {
        for (String id : new String[] {"", "-", "%", "%2D", "<a b>", "\r\n\t", "ünï", "<x@y>", "--"}) {
            String field = DumpFormat.encodeText(id);
            assertThat(field).matches("[!-~]+");
            assertThat(DumpFormat.decodeText(field)).isEqualTo(id);
        }
        // The field is the file format: printable ASCII as it is, everything else and '%' as %XX.
        assertThat(DumpFormat.encodeText("<a.b@c> x%\u007f\u00fc~!")).isEqualTo("<a.b@c>%20x%25%7F%C3%BC~!");
        for (String bad : new String[] {"%", "%2", "%zz", "a b", ""}) {
            assertThat(DumpFormat.decodeText(bad)).as(bad).isNull();
        }
    }

    /** The text with its end line's checksum made right again, as someone who edits a dump by hand would. */
    private static byte[] resealed(String edited) {
        int end = edited.lastIndexOf("\nend ") + 1;
        String body = edited.substring(0, end);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        String endLine = edited.substring(end).replaceFirst("crc32c=[0-9a-f]{8}", String.format("crc32c=%08x", crc.getValue()));
        return (body + endLine).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Totals edited by hand (and the checksum made to match) were imported as they were: scores
     * from then on used ratios over the wrong number of messages, without a word. A token counting
     * more messages than the totals is noted for the importer to refuse; more ledger entries of a
     * class than its total is refused here, as no store can hold that.
     */
    @Test
    void totalsSmallerThanWhatTheTokensOrTheLedgerCountAreFound() throws IOException {
        String s = new String(text, StandardCharsets.US_ASCII);
        assertThat(s).contains("\ntotals 3 3\n");
        assertThat(read(resealed(s)).countsOverTotals()).isEmpty(); // the helper itself breaks nothing
        assertThatThrownBy(() -> read(resealed(s.replace("\ntotals 3 3\n", "\ntotals 0 3\n"))))
                .hasMessageContaining("the ledger lists 1 ham messages up to here, more than the 0 ham messages");
        String noLedger = s.replaceAll("\nl [^\n]*", "").replace(" ledger=6 ", " ledger=0 ");
        assertThat(read(resealed(noLedger.replace("\ntotals 3 3\n", "\ntotals 0 3\n"))).countsOverTotals()).hasValueSatisfying(m -> assertThat(m)
                .matches("line \\d+: token [0-9a-f]{16} counts \\d ham messages, more than the 0 ham messages of the"
                        + " totals line \\(line 2\\): the totals do not match the records \\(edited by hand\\?\\);"
                        + " put back the totals the export wrote"));
        assertThat(read(resealed(noLedger.replace("\ntotals 3 3\n", "\ntotals 3 1\n"))).countsOverTotals())
                .hasValueSatisfying(m -> assertThat(m).contains("spam messages, more than the 1 spam messages of the totals line"));
        // every token of the sample counts at most 3 of each class, so only the ledger can tell that 2 is wrong
        String noTokens = s.replaceAll("\nt [^\n]*", "").replace("end tokens=40", "end tokens=0");
        assertThatThrownBy(() -> read(resealed(noTokens.replace("\ntotals 3 3\n", "\ntotals 2 3\n"))))
                .isInstanceOf(BadDumpException.class)
                .hasMessageMatching("line \\d+: the ledger lists 3 ham messages up to here, more than the 2 ham messages.*");
    }

    /** Damage is reported as damage, even where it also makes the totals too small. */
    @Test
    void damagedTotalsAreReportedAsADamagedFile() throws IOException {
        String s = new String(text, StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> read(gzip(s.replace("\ntotals 3 3\n", "\ntotals 0 3\n"))))
                .hasMessageContaining("checksum mismatch");
    }
}
