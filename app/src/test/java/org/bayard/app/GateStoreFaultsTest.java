package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.bayard.net.testing.FreePorts;

/**
 * RELIABILITY F5: the token store fails under a running {@code bayard serve} (a child JVM, since
 * the failure could kill it). Mail keeps flowing with Bayes counted as neutral, never a 5xx.
 */
class GateStoreFaultsTest {
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final TrainedGates gates = new TrainedGates();

    /**
     * The store's data file cut to nothing while the gate serves (an operator's mistake, a
     * restore gone wrong): LMDB maps the file, and the next message's read transaction touched
     * the pages past its new end. The JVM died of SIGBUS in native code, every session with it.
     */
    @Test
    void aDataFileCutShortWhileServingMakesBayesNeutralNotACrash() throws Exception {
        Path db = gates.copy(tmp);
        Path dump = tmp.resolve("sink");
        int sinkPort = SmtpSink.start(tmp, dump, processes);
        Path log = tmp.resolve("serve.log");
        Process serve = ServeProcess.start(ServeProcess.command(List.of(), db, tmp.resolve("q"), sinkPort), log, processes);
        int port = GateFaultsTest.listeningPort(log, 0);
        assertThat(GateFaultsTest.send(port, GateFaultsTest.message("ham-2.eml", 1))).isEqualTo(250);

        try (RandomAccessFile data = new RandomAccessFile(db.resolve("data.mdb").toFile(), "rw")) {
            data.setLength(0);
        }
        assertThat(GateFaultsTest.send(port, GateFaultsTest.message("ham-3.eml", 2), "second@example.org"))
                .as("ham after the store was cut short; log: %s", java.nio.file.Files.readString(log)).isEqualTo(250);
        assertThat(GateFaultsTest.send(port, GateFaultsTest.message("spam-1.eml", 3), "third@example.org") / 100)
                .as("never a 5xx from our own failure").isNotEqualTo(5);
        assertThat(serve.isAlive()).isTrue();
        assertThat(SmtpSink.settledDumps(dump)).filteredOn(m -> m.contains("<ledger-2@bayard.test>")).singleElement()
                .asString().contains("X-Spam-Bayes: unavailable");
        serve.destroy();
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * A data file cut to nothing before the gate starts: LMDB takes an empty file for a new store
     * and writes one, so serve ran on an empty store, every message Bayes-unsure, and the learned
     * counts were lost for good once it had written. Now it refuses to start with one line.
     */
    @Test
    void aDataFileCutToNothingBeforeTheStartIsRefusedNotResetToEmpty() throws Exception {
        Path db = gates.copy(tmp);
        try (RandomAccessFile data = new RandomAccessFile(db.resolve("data.mdb").toFile(), "rw")) {
            data.setLength(0);
        }
        Path log = tmp.resolve("serve.log");
        Process serve = ServeProcess.start(ServeProcess.command(List.of(), db, tmp.resolve("q"), FreePorts.next()), log, processes);
        boolean ended = serve.waitFor(60, TimeUnit.SECONDS);
        String said = java.nio.file.Files.readString(log);
        assertThat(ended).as("serve refused to start; it said: %s", said).isTrue();
        assertThat(serve.exitValue()).as(said).isEqualTo(1);
        assertThat(said).contains("data.mdb is empty").doesNotContain("Exception").doesNotContain("listening");
        assertThat(java.nio.file.Files.size(db.resolve("data.mdb"))).as("left as it was").isZero();
    }
}
