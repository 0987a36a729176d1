package org.bayard.core.store.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.bayard.core.store.FailingStore;
import org.junit.jupiter.api.Test;

/** When the store fails during a chunked import, the error says how much of it was written. */
class FailingImportTest {

    @Test
    void aFailureInTheFirstTransactionImportsNothing() throws IOException {
        Dump dump = DumpRoundTripTest.read(DumpRoundTripTest.export(DumpRoundTripTest.sample(21, 100, 10)));
        FailingStore store = new FailingStore(0);
        assertThatThrownBy(() -> new DumpImporter(store, 40).importDump(dump, false))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("import failed: disk full; nothing was imported");
        assertThat(StoreState.of(store.inner).counts()).isEmpty();
    }

    @Test
    void aFailureLaterSaysHowMuchWasWritten() throws IOException {
        Dump dump = DumpRoundTripTest.read(DumpRoundTripTest.export(DumpRoundTripTest.sample(22, 100, 10)));
        FailingStore store = new FailingStore(2);
        assertThatThrownBy(() -> new DumpImporter(store, 40).importDump(dump, false))
                .hasMessage("import failed: disk full; the store holds the first 2 of 3 transactions of this import "
                        + "(80 of 110 records, totals not yet added)");
        assertThat(StoreState.of(store.inner).counts()).hasSize(80);
    }
}
