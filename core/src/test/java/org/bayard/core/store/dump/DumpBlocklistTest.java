package org.bayard.core.store.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32C;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.ReadView;
import org.junit.jupiter.api.Test;

/** The sender blocklist in a dump (format 2): written in order, read back whole, and its lines checked as the others are. */
class DumpBlocklistTest {
    static final Instant CREATED = DumpRoundTripTest.CREATED;
    static final List<BlockedSender> BLOCKED = List.of(
            new BlockedSender("198.51.100.9", "", Instant.parse("2026-11-21T15:00:00Z")),
            new BlockedSender("192.0.2.7", "spam mer@example.net", Instant.parse("2026-11-22T12:00:00Z")),
            new BlockedSender("192.0.2.7", "-", Instant.parse("2026-11-22T13:00:00Z")),
            new BlockedSender("192.0.2.7", "spam mer@example.net", Instant.parse("2026-11-21T13:00:00Z")));

    static String text(List<BlockedSender> blocked) throws IOException {
        InMemoryTokenStore store = DumpRoundTripTest.sample(5, 20, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ReadView v = store.read()) {
            DumpWriter.write(v, store.tokenizerVersion(), CREATED, blocked, out);
        }
        return new String(DumpRoundTripTest.gunzip(out.toByteArray()), StandardCharsets.US_ASCII);
    }

    static Dump read(String text) throws BadDumpException {
        return DumpReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The text with its end line's checksum made to match, as an edit by someone who knows the format would. */
    static String sealed(String text) {
        int end = text.lastIndexOf("\nend ") + 1;
        CRC32C crc = new CRC32C();
        crc.update(text.substring(0, end).getBytes(StandardCharsets.US_ASCII));
        return text.substring(0, end) + text.substring(end).replaceFirst("crc32c=\\w+", String.format("crc32c=%08x", crc.getValue()));
    }

    @Test
    void theBlocklistIsWrittenSortedOnceAPairAndReadBack() throws IOException {
        String text = text(BLOCKED);
        assertThat(text.lines().filter(l -> l.startsWith("b ")).toList()).containsExactly(
                "b 192.0.2.7 %2D 2026-11-22T13:00:00Z",
                "b 192.0.2.7 spam%20mer@example.net 2026-11-22T12:00:00Z",
                "b 198.51.100.9 - 2026-11-21T15:00:00Z");
        assertThat(text).contains("\nend tokens=20 ledger=4 blocklist=3 crc32c=");
        assertThat(read(text).blocklist()).containsExactly(BLOCKED.get(2), BLOCKED.get(1), BLOCKED.get(0));
    }

    @Test
    void badBlocklistLinesAreRefusedNamingTheLine() throws IOException {
        String text = text(BLOCKED);
        int first = (int) text.lines().takeWhile(l -> !l.startsWith("b ")).count() + 1;
        String swapped = text.replace("b 192.0.2.7 %2D 2026-11-22T13:00:00Z\nb 192.0.2.7 spam%20mer@example.net 2026-11-22T12:00:00Z\n",
                "b 192.0.2.7 spam%20mer@example.net 2026-11-22T12:00:00Z\nb 192.0.2.7 %2D 2026-11-22T13:00:00Z\n");
        assertThatThrownBy(() -> read(sealed(swapped)))
                .hasMessage("line " + (first + 1) + ": blocklist entry 192.0.2.7 %2D is out of order or repeated");
        assertThatThrownBy(() -> read(sealed(text.replace("2026-11-21T15:00:00Z", "tomorrow"))))
                .hasMessage("line " + (first + 2) + ": bad time 'tomorrow'");
        assertThatThrownBy(() -> read(sealed(text.replace("b 198.51.100.9 -", "b - -"))))
                .hasMessage("line " + (first + 2) + ": a blocklist entry without a client address");
        assertThatThrownBy(() -> read(sealed(text.replace("blocklist=3", "blocklist=4"))))
                .hasMessageContaining("the end line promises 20 tokens, 4 ledger entries and 4 blocklist entries, the file holds 20, 4 and 3");
    }

    /** Format 1 has no b lines and no blocklist= in its end line: one there is refused, not taken. */
    @Test
    void aFormat1DumpReadsWithAnEmptyBlocklistAndRefusesBLines() throws IOException {
        String empty = text(List.of());
        String format1 = sealed(empty.replaceFirst("^bayard-dump 2 ", "bayard-dump 1 ").replace(" blocklist=0 ", " "));
        assertThat(read(format1).blocklist()).isEmpty();
        assertThat(read(format1).ledger()).hasSize(4);
        String withB = text(BLOCKED).replaceFirst("^bayard-dump 2 ", "bayard-dump 1 ");
        assertThatThrownBy(() -> read(sealed(withB))).hasMessageEndingWith(": unexpected record 'b'");
    }
}
