package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code bayard train} and {@code bayard mbox split} make of the mailboxes MTAs and mail clients write. */
class MailboxFormatsTest {
    private static final Path REGRESSIONS = Path.of("../core/src/test/resources/regressions");

    @TempDir Path dir;

    private Cli cli() {
        return new Cli(dir.resolve("db"));
    }

    /** "From the desk of ..." after a blank line, in a mailbox of real envelope lines, made two messages of one. */
    @Test
    void trainDoesNotSplitAMessageAtABodyLineStartingWithFrom() {
        Path box = REGRESSIONS.resolve("mbox-from-the-desk-line-after-a-blank-line-split-one-message-in-two.mbox");
        Cli.Result r = cli().run("train", "--ham", box.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("train: 3 messages (3 learned) in "); // it said 6 messages (3 learned, 3 not mail)
    }

    /** A Maildir whose info separator is ';' or '!' (no ':' allowed in names there) had its trashed messages learned. */
    @Test
    void trainSkipsTrashedMaildirMessagesWhateverTheInfoSeparator() throws IOException {
        Path md = dir.resolve("Maildir");
        Files.createDirectories(md.resolve("new"));
        Files.createDirectories(md.resolve("tmp"));
        Path cur = Files.createDirectories(md.resolve("cur"));
        String[] names = {"1700000001.a;2,ST", "1700000002.b!2,T", "1700000003.c;2,S", "1700000004.d!2,RS", "1700000005.e:2,ST"};
        for (int i = 0; i < names.length; i++) {
            Files.writeString(cur.resolve(names[i]), "Message-ID: <md" + i + "@example.org>\nSubject: message " + i + "\n\nbody " + i + "\n");
        }
        Cli.Result r = cli().run("train", "-v", "--ham", md.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).startsWith(cur.resolve(names[2]) + ": ham learned", cur.resolve(names[3]) + ": ham learned");
        assertThat(r.out()).contains("\ntrain: 2 messages (2 learned) in ");
    }
}
