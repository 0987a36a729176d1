package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import org.bayard.smtp.Sinks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bayard.core.quarantine.Spool;
import org.bayard.smtp.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release whose delivery succeeded but whose removal of the held files failed afterwards (the
 * message file made immutable, a file system error after the next hop's 250): the item stayed
 * listed as held, the command said "not released (it stays held)", and the next release, by the
 * moderator believing it, delivered the message a second time. A release now records that it
 * delivered (a marker written and synced right after the 250), and everything that lists or
 * decides items respects it.
 */
class ReleaseLeftOverTest {
    @TempDir Path tmp;
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    Path immutable;

    @AfterEach
    void stop() throws Exception {
        if (immutable != null) chattr("-i", immutable); // or the temporary folder cannot be removed
    }

    @Test
    void aReleaseWhoseFilesCouldNotBeRemovedIsNeverDeliveredAgain() throws Exception {
        Path q = tmp.resolve("q");
        byte[] sidecar = ("{\"received\":\"2020-01-01T00:00:00Z\",\"from\":\"a@example.org\",\"rcpt\":[\"u@example.test\"],"
                + "\"score\":6.0,\"reason\":\"unsure\"}").getBytes(StandardCharsets.UTF_8);
        Spool.open(q).hold("T.1", new ByteArrayInputStream("Subject: held\r\nMessage-ID: <t1@example.org>\r\n\r\nheld\r\n"
                .getBytes(StandardCharsets.US_ASCII)), sidecar);
        sink = sinks.start();
        immutable = q.resolve("T.1.eml");
        chattr("+i", immutable); // the folder stays writable, so the release goes ahead; only the removal fails

        Cli cli = new Cli(tmp.resolve("db"));
        String[] release = {"quarantine", "release", "T.1", "--quarantine", q.toString(), "--next-hop", "127.0.0.1:" + sink.address().getPort()};
        Cli.Result first = cli.run(release);
        assertThat(sink.delivered).hasSize(1);
        assertThat(first.out()).as(first.err()).contains("T.1: released");
        assertThat(first.err()).contains("could not be removed").contains("will not be delivered again").doesNotContain("stays held");

        Cli.Result again = cli.run(release);
        assertThat(sink.delivered).as(again.out() + again.err()).hasSize(1);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("T.1").contains("released already");
        assertThat(cli.run("quarantine", "list", "--quarantine", q.toString()).out()).doesNotContain("T.1");
        Cli.Result discard = cli.run("quarantine", "learn-spam", "T.1", "--quarantine", q.toString());
        assertThat(discard.exitCode()).isEqualTo(1);
        assertThat(discard.err()).contains("T.1 not decided here");
        Cli.Result expire = cli.run("quarantine", "expire", "--days", "0", "--quarantine", q.toString());
        assertThat(expire.out()).startsWith("expire: 0 held");

        chattr("-i", immutable);
        immutable = null;
        Cli.Result later = cli.run("quarantine", "expire", "--days", "0", "--quarantine", q.toString());
        assertThat(later.exitCode()).isZero();
        assertThat(sink.delivered).hasSize(1);
        try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(q)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("T.1"))).as("the leftovers, removed by expire")
                    .isEmpty();
        }
    }

    /**
     * The whole folder made immutable while the next hop takes the message: neither the mark nor
     * the removal can be written. The release is still told as done, with what to remove by hand,
     * never as "it stays held", which invited the second release.
     */
    @Test
    void aReleaseThatCanNeitherMarkNorRemoveSaysItDeliveredAndWhatToRemove() throws Exception {
        Path q = tmp.resolve("q");
        byte[] sidecar = ("{\"received\":\"2020-01-01T00:00:00Z\",\"from\":\"a@example.org\",\"rcpt\":[\"u@example.test\"],"
                + "\"score\":6.0,\"reason\":\"unsure\"}").getBytes(StandardCharsets.UTF_8);
        Spool.open(q).hold("T.2", new ByteArrayInputStream("Subject: held\r\n\r\nheld\r\n".getBytes(StandardCharsets.US_ASCII)), sidecar);
        sink = sinks.start();
        sink.endDelayMillis = 3_000;
        Cli cli = new Cli(tmp.resolve("db"));
        java.util.concurrent.CompletableFuture<Cli.Result> release = java.util.concurrent.CompletableFuture.supplyAsync(() -> cli.run(
                "quarantine", "release", "T.2", "--quarantine", q.toString(), "--next-hop", "127.0.0.1:" + sink.address().getPort()));
        // after the final dot: a release notes in the folder that it is sending before it sends the dot
        Await.until(() -> sink.dots.get() == 1);
        immutable = q;
        chattr("+i", q);

        Cli.Result r = release.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(sink.delivered).hasSize(1);
        assertThat(r.out()).as(r.err()).contains("T.2: released");
        assertThat(r.err()).contains("neither removed").contains("by hand").doesNotContain("stays held");
    }

    static void chattr(String flag, Path file) throws Exception {
        Commands.succeeds("chattr", flag, file.toString());
    }
}
