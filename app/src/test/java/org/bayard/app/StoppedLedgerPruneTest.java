package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.token.Tokenizer;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard db prune --ledger-older-than} stopped while it is in its write transaction
 * (SIGTERM, as systemd or Ctrl-C's neighbour stops a command; SIGKILL): the store opens, is whole,
 * and holds either the whole ledger or exactly the entries the prune keeps, never part of the
 * old ones. The moment is found by asking the child for thread dumps (SIGQUIT, which the JVM
 * answers on standard output and goes on) until one shows it inside the ledger prune's walk, in
 * its write transaction with the removals and the commit still to come.
 */
class StoppedLedgerPruneTest {
    /** Large enough that a prune takes a while: half of them old. */
    static final int ENTRIES = 300_000;

    @TempDir Path dir;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void sigtermInsideThePruneLeavesTheLedgerWholeOrPrunedWhole() throws Exception {
        stopInsideThePrune("TERM");
    }

    @Test
    void sigkillInsideThePruneLeavesTheLedgerAsItWas() throws Exception {
        long left = stopInsideThePrune("KILL");
        assertThat(left).as("a process killed before it committed commits nothing").isEqualTo(ENTRIES);
    }

    /** Stops a prune in its transaction with {@code signal}; checks the store, and gives the entries left. */
    private long stopInsideThePrune(String signal) throws Exception {
        Path db = dir.resolve("db");
        Instant now = Instant.now();
        try (TokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION)) {
            store.write(view -> {
                for (int i = 0; i < ENTRIES; i++) {
                    Instant learned = now.minus(Duration.ofDays(i % 2 == 0 ? 100 : 1));
                    view.putLedgerEntry(new LedgerEntry(digest(i), "<" + i + "@example.org>", i % 3 == 0 ? MailClass.SPAM : MailClass.HAM,
                            LearnSource.AUTOLEARN, learned));
                }
                view.addTotals(ENTRIES - ENTRIES / 3 - 1, ENTRIES / 3 + 1);
                view.addCounts(new long[] {1, 2, 3}, 3, 2, 2);
                return null;
            });
        }

        Process prune = ChildJvm.bayard(List.of(),
                "db", "prune", "--ledger-older-than", "30", "--db", db.toString()).redirectErrorStream(true).start();
        processes.add(prune);
        WaitingWritersTest.Output out = WaitingWritersTest.Output.of(prune.getInputStream());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // SIGQUIT ends a JVM that has not yet set up its handler for it (the dump): wait until it has
        while (!catchesSigquit(prune)) {
            assertThat(prune.isAlive()).as(out.text()).isTrue();
            assertThat(System.nanoTime()).as("the child never caught SIGQUIT").isLessThan(deadline);
            Thread.sleep(10);
        }
        // inside the walk that chooses the entries: the removals and the commit are still to come
        while (!out.text().contains("LedgerPruner$Chosen")) {
            assertThat(prune.isAlive()).as("the prune ended before a dump showed it inside: %s", out.text()).isTrue();
            assertThat(System.nanoTime()).as("no dump showed the prune").isLessThan(deadline);
            signal(prune, "QUIT");
            Thread.sleep(50);
        }
        signal(prune, signal);
        assertThat(prune.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(prune.exitValue()).as(out.text()).isEqualTo(signal.equals("KILL") ? 137 : 143);

        Cli.Result check = new Cli(db).run("db", "check");
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        try (TokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION); ReadView view = store.read()) {
            long[] old = {0}, recent = {0};
            view.forEachLedgerEntry(e -> {
                if (e.time().isBefore(now.minus(Duration.ofDays(30)))) old[0]++;
                else recent[0]++;
            });
            assertThat(recent[0]).as("the recent entries").isEqualTo(ENTRIES / 2);
            assertThat(old[0]).as("the old entries: all, or none, never some").isIn(0L, (long) ENTRIES / 2);
            assertThat(view.totals().messages()).isEqualTo(ENTRIES);
            return old[0] + recent[0];
        }
    }

    private static Digest digest(int i) {
        return new Digest(0x5eed_0000_0000_0000L ^ (i * 0x9E37_79B9_7F4A_7C15L), i);
    }

    /** Whether the process catches SIGQUIT (3): bit 2 of the SigCgt mask in /proc/PID/status. */
    private static boolean catchesSigquit(Process p) throws IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (line.startsWith("SigCgt:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 2)) != 0;
        }
        return false;
    }

    private static void signal(Process p, String signal) throws IOException, InterruptedException {
        Commands.run("kill", "-" + signal, Long.toString(p.pid())).exit();
    }
}
