package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.mailbox.RawMessage;
import org.bayard.core.quarantine.Spool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The moderator's export to mbox and the spool's retention, on a spool filled directly. */
class QuarantineExportExpireTest {
    @TempDir Path dir;
    Cli cli;
    Path spool;

    @BeforeEach
    void fill() throws Exception {
        cli = new Cli(dir.resolve("db"));
        spool = dir.resolve("spool");
        Spool s = Spool.open(spool);
        // The Cli's clock says 2026-11-21T12:00:00Z.
        hold(s, "old1", "2026-10-01T00:00:00Z", "Subject: old one\n\nFrom the start of a line\n");
        hold(s, "new1", "2026-11-20T00:00:00Z", "Subject: new one\n\nstill held\n");
    }

    private static void hold(Spool s, String id, String received, String message) throws Exception {
        byte[] sidecar = ("{\"received\":\"" + received + "\",\"reason\":\"unsure\"}").getBytes(StandardCharsets.UTF_8);
        s.hold(id, new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)), sidecar);
    }

    @Test
    void exportWritesEveryHeldMessageToAnMboxAndKeepsThemHeld() throws Exception {
        Path mbox = dir.resolve("u.mbox");
        Cli.Result r = cli.run("quarantine", "export", "--quarantine", spool.toString(), "--mbox", mbox.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("export: 2 messages");
        List<String> subjects = new ArrayList<>();
        try (MailInputs in = new MailInputs(List.of(mbox.toString()), System.in)) {
            in.forEachRemaining((RawMessage m) -> subjects.add(new String(m.bytes(), StandardCharsets.US_ASCII).lines().findFirst().orElse("")));
        }
        assertThat(subjects).containsExactlyInAnyOrder("Subject: old one", "Subject: new one");
        assertThat(Files.readString(mbox)).contains("\n>From the start of a line\n"); // escaped in the mbox
        assertThat(cli.run("quarantine", "list", "--quarantine", spool.toString()).out()).contains("old1").contains("new1");
    }

    /**
     * A held message exported into a mailbox that a delivery agent (Postfix's local, procmail) is
     * appending to at that moment: the export wrote in the middle of the delivered message, which
     * was then cut in two, its second half read as part of the last exported one. The export
     * waits for the delivery's lock, as delivery agents wait for each other, and appends after it.
     */
    @Test
    void exportWaitsForADeliveryAppendingToTheSameMailbox() throws Exception {
        Path mbox = Files.writeString(dir.resolve("u.mbox"), "From a@example.org Mon Nov 23 10:00:00 2026\nSubject: first\n\nhello\n\n");
        Path firstPart = Files.writeString(dir.resolve("first-part"), "From b@example.org Mon Nov 23 10:00:01 2026\nSubject: delivered\n\nline one\n");
        Path lastPart = Files.writeString(dir.resolve("last-part"), "line two\n\n");
        Process agent = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), LockingDelivery.class.getName(),
                mbox.toString(), firstPart.toString(), lastPart.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            Commands.Lines said = Commands.linesOf(agent);
            assertThat(said.next(30)).isEqualTo("locked");
            CommandBesideDelivery export = CommandBesideDelivery.start(
                    () -> cli.run("quarantine", "export", "--quarantine", spool.toString(), "--mbox", mbox.toString()));
            export.untilWaitingFor(mbox);
            try (java.io.OutputStream go = agent.getOutputStream()) {
                go.write("go\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(said.next(30)).isEqualTo("delivered");
            Cli.Result r = export.result().get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.err()).isZero();
        } finally {
            ChildJvm.kill(agent);
        }
        List<String> messages = new ArrayList<>();
        try (MailInputs in = new MailInputs(List.of(mbox.toString()), System.in)) {
            in.forEachRemaining((RawMessage m) -> messages.add(new String(m.bytes(), StandardCharsets.US_ASCII)));
        }
        assertThat(messages).hasSize(4);
        assertThat(messages.get(1)).isEqualTo("Subject: delivered\n\nline one\nline two\n");
        assertThat(messages.subList(2, 4)).allSatisfy(m -> assertThat(m).startsWith("Subject: ").contains(" one\n"));
    }

    @Test
    void expireDiscardsOnlyWhatWasHeldLongerThanTheRetention() {
        Cli.Result r = cli.run("quarantine", "expire", "--days", "30", "--quarantine", spool.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("expire: 1 held more than 30 days discarded, 1 kept");
        String list = cli.run("quarantine", "list", "--quarantine", spool.toString()).out();
        assertThat(list).contains("new1").doesNotContain("old1");
    }

    /**
     * show printed the held message as one line, every line break written as a
     * {@code \\u000d\\u000a} escape: a moderator could not read it. Lines stay lines; what could
     * still drive a terminal inside a line (an escape, a bare CR) is escaped.
     */
    @Test
    void showPrintsTheHeldMessageLineByLine() throws Exception {
        hold(Spool.open(spool), "crlf1", "2026-11-20T00:00:00Z",
                "Subject: one\r\nReceived: from a\r\n\tby b\r\n\r\nfirst line\r\nsecond \u001b[2J line\rhidden\r\n");
        Cli.Result r = cli.run("quarantine", "show", "crlf1", "--quarantine", spool.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\nSubject: one\nReceived: from a\n\tby b\n\nfirst line\nsecond \\u001b[2J line\\u000dhidden\n")
                .doesNotContain("\\u000a");
    }

    /**
     * show of an item that the page or another command decided after show had read its metadata
     * and before it read its message printed "{}" and then an I/O error about the missing file.
     * Such an item is no longer held: show says so as for an id that was never held, exit 1. The
     * sidecar is a FIFO here, so that the decision comes exactly while show reads it.
     */
    @Test
    void showOfAnItemDecidedWhileItIsReadSaysItIsNoLongerHeld() throws Exception {
        Path sidecar = spool.resolve("old1.json");
        byte[] json = Files.readAllBytes(sidecar);
        Files.delete(sidecar);
        assertThat(Commands.run("mkfifo", sidecar.toString()).exit()).isZero();
        java.util.concurrent.CompletableFuture<Void> decided = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (java.io.OutputStream reading = Files.newOutputStream(sidecar)) { // opens once show opens it to read
                Spool.open(spool).remove("old1"); // another process discards it now
                reading.write(json);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Cli.Result r = cli.run("quarantine", "show", "old1", "--quarantine", spool.toString());
        decided.get(30, java.util.concurrent.TimeUnit.SECONDS);
        Cli.Result unknown = cli.run("quarantine", "show", "never1", "--quarantine", spool.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).hasLineCount(1).isEqualTo(unknown.err().replace("never1", "old1"));
        assertThat(unknown.exitCode()).isEqualTo(1);
    }

    /**
     * A cron job's {@code quarantine expire} without the service's -c looked at a quarantine
     * beside a default store that was not there, made both, and said "0 discarded" with exit 0
     * every day while the real quarantine grew. A quarantine that does not exist is an error,
     * and nothing is made.
     */
    @Test
    void aQuarantineThatDoesNotExistIsAnErrorAndIsNotMade() {
        Path nowhere = dir.resolve("nowhere");
        for (String action : List.of("list", "expire")) {
            Cli.Result r = cli.run("quarantine", action, "--quarantine", nowhere.toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).hasLineCount(1).startsWith("bayard: no quarantine at " + nowhere).contains("-c FILE", "--quarantine DIR");
            assertThat(r.out()).isEmpty();
        }
        Cli.Result byDefault = new Cli(dir.resolve("other-db")).run("quarantine", "expire", "--days", "30");
        assertThat(byDefault.exitCode()).isEqualTo(1);
        assertThat(byDefault.err()).startsWith("bayard: no quarantine at " + dir.resolve("other-db-quarantine"));
        assertThat(nowhere).doesNotExist();
        assertThat(dir.resolve("other-db-quarantine")).doesNotExist();
        assertThat(dir.resolve("other-db")).doesNotExist();
    }

    @Test
    void exportOfAnUnknownIdIsAClearErrorAndWritesNothing() {
        Path mbox = dir.resolve("x.mbox");
        Cli.Result r = cli.run("quarantine", "export", "--quarantine", spool.toString(), "--mbox", mbox.toString(), "../etc/passwd");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no quarantined message with id '../etc/passwd'");
        assertThat(mbox).doesNotExist();
    }

    /**
     * An export whose --mbox was a file in the quarantine: named as a held item's message
     * ({@code spool/old1.eml}), the export appended a second copy of the message, with a From_
     * line, to the held message itself, and a later release delivered that; named as no item
     * ({@code spool/u.mbox}), it left a mailbox among the held mail. It is refused, nothing written.
     */
    @Test
    void exportIntoTheQuarantineIsRefusedAndNothingHeldChanges() throws Exception {
        Path held = spool.resolve("old1.eml");
        byte[] before = Files.readAllBytes(held);
        Files.createSymbolicLink(dir.resolve("link"), spool);
        for (Path mbox : List.of(held, spool.resolve("u.mbox"), spool.resolve("tmp/u.mbox"), dir.resolve("link/u.mbox"))) {
            Cli.Result r = cli.run("quarantine", "export", "--quarantine", spool.toString(), "--mbox", mbox.toString(), "old1");
            assertThat(r.exitCode()).as(mbox.toString()).isEqualTo(1);
            assertThat(r.err()).as(mbox.toString()).hasLineCount(1)
                    .startsWith("bayard: cannot write " + mbox + ": it is inside the quarantine " + spool);
            assertThat(r.out()).isEmpty();
        }
        assertThat(Files.readAllBytes(held)).isEqualTo(before);
        assertThat(spool.resolve("u.mbox")).doesNotExist();
        assertThat(spool.resolve("tmp/u.mbox")).doesNotExist();
    }

    /** An id named twice (pasted twice from the list) was written to the mbox twice: the moderator got two copies. */
    @Test
    void anIdNamedTwiceIsExportedOnce() throws Exception {
        Path mbox = dir.resolve("u.mbox");
        Cli.Result r = cli.run("quarantine", "export", "--quarantine", spool.toString(), "--mbox", mbox.toString(), "old1", "new1", "old1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("export: 2 messages");
        List<String> subjects = new ArrayList<>();
        try (MailInputs in = new MailInputs(List.of(mbox.toString()), System.in)) {
            in.forEachRemaining((RawMessage m) -> subjects.add(new String(m.bytes(), StandardCharsets.US_ASCII).lines().findFirst().orElse("")));
        }
        assertThat(subjects).containsExactly("Subject: old one", "Subject: new one");
    }

    /** A discard of an id named twice said, for the second, that it was not held, exit 1, after the first had discarded it. */
    @Test
    void anIdNamedTwiceIsDecidedOnce() {
        Cli.Result r = cli.run("quarantine", "discard", "--quarantine", spool.toString(), "old1", "old1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("old1: discarded\n");
        assertThat(cli.run("quarantine", "list", "--quarantine", spool.toString()).out()).contains("new1").doesNotContain("old1");
    }

    /**
     * expire run by a user that cannot write the quarantine (a cron job in the wrong crontab; the
     * folder made immutable, as here, or mounted read-only) printed one line per item due, however
     * many, and exited 0, so cron saw success while held mail piled up until the disk was full.
     * It says so once and exits 1, and nothing is discarded.
     */
    @Test
    void expireOnAQuarantineItCannotWriteSaysSoOnceAndFails() throws Exception {
        org.assertj.core.api.Assumptions.assumeThat(System.getProperty("user.name")).as("chattr needs root").isEqualTo("root");
        Spool s = Spool.open(spool);
        hold(s, "old2", "2026-10-02T00:00:00Z", "Subject: old two\n\nx\n");
        hold(s, "old3", "2026-10-03T00:00:00Z", "Subject: old three\n\nx\n");
        chattr("+i");
        Cli.Result r;
        try {
            r = cli.run("quarantine", "expire", "--days", "30", "--quarantine", spool.toString());
        } finally {
            chattr("-i");
        }
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).startsWith("bayard: ").contains("the quarantine " + spool + " cannot be written")
                .contains("3 held more than 30 days");
        assertThat(s.ids()).containsExactlyInAnyOrder("old1", "old2", "old3", "new1");
    }

    private void chattr(String flag) throws Exception {
        Process p = new ProcessBuilder("chattr", flag, spool.toString()).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * A file name pasted from a listing of the quarantine folder ({@code old1.eml}) was "no
     * quarantined message with id 'old1.eml'", and the moderator, looking at that very file, was
     * left to guess. The line names the id; nothing is done with the item.
     */
    @Test
    void aFileNameOfTheQuarantineGivenAsAnIdNamesTheId() throws Exception {
        for (String action : List.of("discard", "show", "export")) {
            List<String> args = new ArrayList<>(List.of("quarantine", action, "--quarantine", spool.toString(), "old1.eml"));
            if (action.equals("export")) args.addAll(List.of("--mbox", dir.resolve("x.mbox").toString())); // refused elsewhere
            Cli.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(action).isEqualTo(1);
            assertThat(r.err()).as(action).hasLineCount(1).contains("no quarantined message with id 'old1.eml'")
                    .contains("old1.eml is the file of the held message old1: give its id, old1");
        }
        assertThat(spool.resolve("old1.eml")).exists();
        assertThat(dir.resolve("x.mbox")).doesNotExist();
    }

    /** An mbox in a folder that is not there was "x.mbox: no such file", of the file export was to make. */
    @Test
    void exportIntoAFolderThatIsNotThereSaysWhichFolder() {
        Path mbox = dir.resolve("nowhere/x.mbox");
        Cli.Result r = cli.run("quarantine", "export", "--quarantine", spool.toString(), "--mbox", mbox.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).isEqualTo("bayard: cannot write " + mbox + ": no such directory: " + dir.resolve("nowhere") + "\n");
        assertThat(dir.resolve("nowhere")).doesNotExist();
    }
}
