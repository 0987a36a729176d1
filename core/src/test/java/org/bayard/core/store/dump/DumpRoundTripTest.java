package org.bayard.core.store.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.bayard.core.store.Counts;
import org.bayard.core.store.Digest;
import org.bayard.core.store.IncompatibleStoreException;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.junit.jupiter.api.Test;

class DumpRoundTripTest {
    static final Instant CREATED = Instant.parse("2026-11-21T12:00:00Z");

    /**
     * A store with tokens all over the unsigned range and Message-IDs that need escaping; as
     * learning leaves it, no token counts more messages of a class than its total, which the ledger
     * (alternately ham and spam) matches.
     */
    static InMemoryTokenStore sample(long seed, int tokens, int messages) {
        int hamTotal = (messages + 1) / 2;
        int spamTotal = messages / 2;
        InMemoryTokenStore store = new InMemoryTokenStore(1);
        SplittableRandom r = new SplittableRandom(seed);
        String[] ids = {"", "-", "<a b@x>", "<100%@x>", "<ünï@x>", "<line\nbreak@x>", "<plain@example.org>"};
        store.write(v -> {
            long[] one = new long[1];
            for (int i = 0; i < tokens; i++) {
                one[0] = i < 3 ? new long[] {0, -1, Long.MIN_VALUE}[i] : r.nextLong();
                int ham = r.nextInt(Math.min(4, hamTotal + 1));
                int spam = spamTotal == 0 ? 0 : 1 + r.nextInt(Math.min(3, spamTotal));
                v.addCounts(one, 1, ham == 0 && spam == 0 ? 1 : ham, spam);
            }
            for (int i = 0; i < messages; i++) {
                v.putLedgerEntry(new LedgerEntry(new Digest(r.nextLong(), r.nextLong()), ids[i % ids.length],
                        MailClass.values()[i % 2], LearnSource.values()[i % LearnSource.values().length],
                        Instant.ofEpochSecond(1_700_000_000L + i, i * 1000L)));
            }
            v.addTotals(hamTotal, spamTotal);
            return null;
        });
        return store;
    }

    static byte[] export(TokenStore store) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ReadView v = store.read()) {
            DumpWriter.write(v, store.tokenizerVersion(), CREATED, out);
        }
        return out.toByteArray();
    }

    static Dump read(byte[] bytes) throws IOException {
        return DumpReader.read(new ByteArrayInputStream(bytes));
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
    }

    @Test
    void importIntoAnEmptyStoreReproducesTheStateExactly() throws IOException {
        InMemoryTokenStore source = sample(1, 2000, 40);
        byte[] dump = export(source);
        InMemoryTokenStore target = new InMemoryTokenStore(1);
        DumpImporter.Result result = new DumpImporter(target).importDump(read(dump), false);
        assertThat(StoreState.of(target)).isEqualTo(StoreState.of(source));
        assertThat(result.transactions()).isEqualTo(1);
        assertThat(result.tokens()).isEqualTo(2000);
        assertThat(result.ledgerAdded()).isEqualTo(40);
        assertThat(export(target)).as("the same state writes the same bytes").isEqualTo(dump);
    }

    @Test
    void chunkedImportEndsInTheSameStateAsOneTransaction() throws IOException {
        InMemoryTokenStore source = sample(2, 500, 30);
        InMemoryTokenStore target = new InMemoryTokenStore(1);
        DumpImporter.Result result = new DumpImporter(target, 7).importDump(read(export(source)), false);
        assertThat(result.transactions()).isEqualTo((500 + 30 + 6) / 7);
        assertThat(StoreState.of(target)).isEqualTo(StoreState.of(source));
    }

    @Test
    void aDumpThatFillsItsLastChunkExactlyTakesNoExtraTransaction() throws IOException {
        InMemoryTokenStore source = sample(3, 497, 28); // 525 records: 75 chunks of 7
        InMemoryTokenStore target = new InMemoryTokenStore(1);
        assertThat(new DumpImporter(target, 7).importDump(read(export(source)), false).transactions()).isEqualTo(75);
        assertThat(StoreState.of(target)).isEqualTo(StoreState.of(source));
    }

    @Test
    void anEmptyStoreRoundTrips() throws IOException {
        InMemoryTokenStore empty = new InMemoryTokenStore(1);
        byte[] dump = export(empty);
        assertThat(new String(gunzip(dump), java.nio.charset.StandardCharsets.US_ASCII))
                .startsWith("bayard-dump 2 tokenizer=1 created=2026-11-21T12:00:00Z\ntotals 0 0\nend tokens=0 ledger=0 blocklist=0 crc32c=");
        InMemoryTokenStore target = new InMemoryTokenStore(1);
        new DumpImporter(target).importDump(read(dump), false);
        assertThat(StoreState.of(target)).isEqualTo(StoreState.of(empty));
    }

    @Test
    void anUncompressedDumpReadsTheSame() throws IOException {
        byte[] dump = export(sample(3, 100, 5));
        assertThat(read(gunzip(dump))).usingRecursiveComparison().isEqualTo(read(dump));
    }

    @Test
    void mergingAddsCountsTotalsAndLedger() throws IOException {
        InMemoryTokenStore a = sample(4, 300, 10);
        InMemoryTokenStore b = sample(5, 300, 12);
        StoreState before = StoreState.of(a);
        StoreState other = StoreState.of(b);
        new DumpImporter(a).importDump(read(export(b)), false);
        StoreState merged = StoreState.of(a);
        assertThat(merged.totals()).isEqualTo(before.totals().plus(other.totals().ham(), other.totals().spam()));
        assertThat(merged.ledger()).hasSize(22).containsAllEntriesOf(before.ledger()).containsAllEntriesOf(other.ledger());
        other.counts().forEach((token, c) -> {
            long had = before.counts().getOrDefault(token, 0L);
            assertThat(merged.counts().get(token)).isEqualTo(Counts.add(had, Counts.ham(c), Counts.spam(c)));
        });
        assertThat(merged.counts().keySet()).containsAll(before.counts().keySet());
    }

    @Test
    void importingADumpIntoItsOwnStoreIsRefusedAndWritesNothing() throws IOException {
        InMemoryTokenStore store = sample(6, 200, 8);
        StoreState before = StoreState.of(store);
        Dump dump = read(export(store));
        assertThatThrownBy(() -> new DumpImporter(store).importDump(dump, false))
                .isInstanceOf(OverlapException.class)
                .hasMessageContaining("8 messages are already in this store's ledger")
                .hasMessageContaining("nothing was imported");
        assertThat(StoreState.of(store)).isEqualTo(before);
    }

    @Test
    void allowedOverlapsKeepTheStoresEntryAndStillAddTheCounts() throws IOException {
        InMemoryTokenStore store = new InMemoryTokenStore(1);
        Digest d = new Digest(1, 2);
        LedgerEntry mine = new LedgerEntry(d, "<m@x>", MailClass.HAM, LearnSource.MANUAL, CREATED);
        store.write(v -> {
            v.putLedgerEntry(mine);
            v.addCounts(new long[] {42}, 1, 1, 0);
            v.addTotals(1, 0);
            return null;
        });
        InMemoryTokenStore other = new InMemoryTokenStore(1);
        other.write(v -> {
            v.putLedgerEntry(new LedgerEntry(d, "<m@x>", MailClass.SPAM, LearnSource.MODERATOR, CREATED));
            v.addCounts(new long[] {42}, 1, 0, 1);
            v.addTotals(0, 1);
            return null;
        });
        DumpImporter.Result r = new DumpImporter(store).importDump(read(export(other)), true);
        assertThat(r.overlaps()).singleElement().satisfies(o -> assertThat(o.sameClass()).isFalse());
        assertThat(r.ledgerAdded()).isZero();
        StoreState after = StoreState.of(store);
        assertThat(after.ledger()).containsExactly(java.util.Map.entry(d, mine));
        assertThat(after.counts()).containsExactly(java.util.Map.entry(42L, Counts.pack(1, 1)));
        assertThat(after.totals().messages()).isEqualTo(2);
    }

    @Test
    void aDumpOfAnotherTokenizerIsRefusedBeforeAnyWrite() throws IOException {
        byte[] dump = export(sample(7, 50, 2));
        InMemoryTokenStore v2 = new InMemoryTokenStore(2);
        assertThatThrownBy(() -> new DumpImporter(v2).importDump(read(dump), false))
                .isInstanceOf(IncompatibleStoreException.class)
                .hasMessageContaining("tokenizer version 1 but this store uses version 2");
        assertThatThrownBy(() -> DumpReader.read(new ByteArrayInputStream(dump), 2))
                .isInstanceOf(IncompatibleStoreException.class);
        assertThat(v2.stats().tokens()).isZero();
    }
}
