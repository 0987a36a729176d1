package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that writes waits while another process holds the lock it needs: the store's write
 * lock (a long {@code bayard train} into the same store, a {@code bayard learn} stopped with ^Z),
 * or the blocklist's (a {@code bayard db import}). It waited without a word, so a postmaster's
 * {@code bayard learn} from cron or procmail looked hung. Now it says once on stderr, after a
 * second or two, what it waits for, and goes on waiting: a timeout would lose the learning or
 * the entry, where the other writer always ends (a stopped one when it is continued or killed,
 * and LMDB's lock and fcntl's both go with a dead process).
 */
class WaitingWritersTest {
    @TempDir Path tmp;
    /** The samples' store, learned once for the whole run (each test learned it anew), copied for each test. */
    @RegisterExtension final TrainedGates samples = new TrainedGates();
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void learnWaitingForTheStoresWriteLockSaysSoAndFinishesOnceTheHolderGoesOn() throws Exception {
        Path db = samples.copy(tmp.resolve("copy"));
        Process holder = LockHolder.start("store", db, processes);
        LockHolder.signal(holder, "STOP");

        Process learn = ChildJvm.bayard(List.of(), "learn", "--ham",
                Path.of("../samples/held-out/ham-1.eml").toAbsolutePath().toString(), "--db", db.toString()).start();
        processes.add(learn);
        Output err = Output.of(learn.getErrorStream());
        Await.until(() -> err.text().contains("waiting for the store's write lock at "));
        assertThat(err.text()).contains(db.toRealPath().toString()).contains("another process is writing to it");
        assertThat(learn.isAlive()).as("it waits on").isTrue();

        LockHolder.signal(holder, "CONT");
        LockHolder.letGo(holder);
        assertThat(learn.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(learn.exitValue()).as(err.text()).isZero();
        assertThat(err.text().split("waiting for", -1)).as("said once").hasSize(2);
    }

    /** Why no timeout: a holder that dies, even by SIGKILL, gives LMDB's write lock back (a robust mutex). */
    @Test
    void learnWaitingBehindAWriterKilledMeanwhileFinishes() throws Exception {
        Path db = samples.copy(tmp.resolve("copy"));
        Process holder = LockHolder.start("store", db, processes);
        LockHolder.signal(holder, "STOP");
        Process learn = ChildJvm.bayard(List.of(), "learn", "--spam",
                Path.of("../samples/held-out/spam-1.eml").toAbsolutePath().toString(), "--db", db.toString()).start();
        processes.add(learn);
        Output err = Output.of(learn.getErrorStream());
        Await.until(() -> err.text().contains("waiting for the store's write lock at "));

        LockHolder.signal(holder, "KILL");
        assertThat(learn.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(learn.exitValue()).as(err.text()).isZero();
        assertThat(new Cli(db).run("learn", "--spam", Path.of("../samples/held-out/spam-1.eml").toString()).out())
                .as("learned by the command that waited").contains("already");
    }

    /**
     * {@code bayard filter} is in the delivery path (procmail, maildrop, Postfix's pipe): with
     * autolearn on it opened the store to write it and waited for the write lock, so every delivery
     * stalled for as long as a {@code train} ran. As SpamAssassin's autolearn does behind a locked
     * Bayes database, it now scores from a read-only open and gives up learning after a while:
     * {@code autolearn=unavailable}, and a line on stderr.
     */
    @Test
    void filterWithAutolearnBehindAHeldWriteLockDeliversInTimeWithAutolearnUnavailable() throws Exception {
        Path db = samples.copy(tmp.resolve("copy"));
        Path on = tmp.resolve("on.yaml");
        java.nio.file.Files.writeString(on, "autolearn:\n  enabled: true\n");
        byte[] ham = java.nio.file.Files.readAllBytes(Path.of("../samples/held-out/ham-3.eml"));
        LockHolder.start("store", db, processes);

        long t0 = System.nanoTime();
        Cli.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(40),
                () -> new Cli(db).runWithInput(ham, "filter", "-c", on.toString()));
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(30);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("autolearn=unavailable ").contains("X-Bayard-Classification: ham");
        assertThat(r.err()).contains("bayard filter: autolearn skipped: another process has held the store's write lock");
    }

    /**
     * Only learn-ham and learn-spam write the store; the other quarantine actions opened it to
     * write all the same, so a moderator's {@code quarantine release} or cron's {@code expire}
     * waited for as long as a train ran. They now read it only, which never waits for a writer.
     */
    @Test
    void quarantineActionsThatLearnNothingDoNotWaitForTheStoresWriteLock() throws Exception {
        Path db = samples.copy(tmp.resolve("copy"));
        Path q = tmp.resolve("q");
        byte[] sidecar = ("{\"received\":\"2020-01-01T00:00:00Z\",\"from\":\"a@example.org\",\"rcpt\":[\"u@example.test\"],"
                + "\"score\":6.0,\"reason\":\"unsure\"}").getBytes(StandardCharsets.UTF_8);
        for (String id : List.of("T.1", "T.2")) {
            org.bayard.core.quarantine.Spool.open(q).hold(id, new java.io.ByteArrayInputStream(
                    "Subject: held\r\n\r\nheld\r\n".getBytes(StandardCharsets.US_ASCII)), sidecar);
        }
        LockHolder.start("store", db, processes);

        Cli cli = new Cli(db);
        Cli.Result list = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(15),
                () -> cli.run("quarantine", "list", "--quarantine", q.toString()));
        assertThat(list.out()).contains("T.1").contains("T.2");
        Cli.Result discard = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(15),
                () -> cli.run("quarantine", "discard", "T.1", "--quarantine", q.toString()));
        assertThat(discard.exitCode()).as(discard.err()).isZero();
        Cli.Result expire = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(15),
                () -> cli.run("quarantine", "expire", "--days", "1", "--quarantine", q.toString()));
        assertThat(expire.out()).startsWith("expire: 1 held");
        assertThat(list.err() + discard.err() + expire.err()).doesNotContain("waiting for");
    }

    @Test
    void blocklistAddWaitingForTheBlocklistsLockSaysSoAndFinishesOnceTheHolderLetsGo() throws Exception {
        Path db = samples.copy(tmp.resolve("copy"));
        Process holder = LockHolder.start("blocklist", db, processes);

        Process add = ChildJvm.bayard(List.of(), "blocklist", "add", "192.0.2.7",
                "spammer@example.net", "--hours", "2", "--db", db.toString()).start();
        processes.add(add);
        Output err = Output.of(add.getErrorStream());
        Await.until(() -> err.text().contains("waiting for the blocklist's lock "));
        assertThat(add.isAlive()).isTrue();

        LockHolder.letGo(holder);
        assertThat(add.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(add.exitValue()).as(err.text()).isZero();
        assertThat(new Cli(db).run("blocklist", "list").out()).contains("192.0.2.7  <spammer@example.net>");
    }

    /** A child's stream read as it comes, on a thread of its own. */
    record Output(ByteArrayOutputStream bytes) {
        static Output of(InputStream in) {
            Output o = new Output(new ByteArrayOutputStream());
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (o.bytes) {
                            o.bytes.write(buf, 0, n);
                        }
                    }
                } catch (IOException ended) {
                    // the process is gone
                }
            });
            return o;
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
