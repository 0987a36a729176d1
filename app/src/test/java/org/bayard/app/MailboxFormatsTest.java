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

    /** An MMDF mailbox was learned as one spam holding three messages' words and their Ctrl-A delimiters. */
    @Test
    void trainLearnsEachMessageOfAnMmdfMailbox() throws IOException {
        Path box = REGRESSIONS.resolve("mmdf-mailbox-read-as-one-message-with-its-delimiters.mmdf");
        Cli.Result r = cli().run("train", "-v", "--spam", box.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).startsWith(box + "#1: spam learned", box + "#2: spam learned", box + "#3: spam learned");
        assertThat(r.out()).contains("\ntrain: 3 messages (3 learned) in ");

        Path out = dir.resolve("split");
        Cli.Result split = cli().run("mbox", "split", box.toString(), "-o", out.toString());
        assertThat(split.out()).as(split.err()).isEqualTo("split: 3 messages -> " + out + "\n");
        assertThat(Files.readString(out.resolve("00001.eml"))).startsWith("Return-Path: <news@shop.example>\n").doesNotContain("\u0001");
        assertThat(Files.readString(out.resolve("00003.eml"))).endsWith("Lunch at noon?\n").doesNotContain("\u0001");

        Path cut = Files.writeString(dir.resolve("cut.mmdf"), Files.readString(box).substring(0, Files.readString(box).lastIndexOf("\u0001\u0001\u0001\u0001")));
        Cli.Result cutTrain = cli().run("train", "--spam", cut.toString());
        assertThat(cutTrain.out()).startsWith("train: 3 messages (3 already learned) in ");
        assertThat(cutTrain.err()).isEqualTo("bayard: warning: " + cut + "#3: the MMDF mailbox ends before this message's closing delimiter"
                + " (a truncated copy?); used as read\n");
    }

    /** 'cat box.mmdf | bayard learn --spam -' learned the mailbox as one message, delimiters and all, without a word. */
    @Test
    void anMmdfMailboxPipedToStandardInputIsLearnedAsOneMessageWithAWarning() throws IOException {
        byte[] box = Files.readAllBytes(REGRESSIONS.resolve("mmdf-mailbox-read-as-one-message-with-its-delimiters.mmdf"));
        Cli.Result r = cli().runWithInput(box, "learn", "--spam", "-");
        assertThat(r.err()).isEqualTo("bayard: warning: <stdin>: looks like a mailbox (MMDF's Ctrl-A delimiter lines), but '-' is"
                + " always one message: to read each message, name the file (or in bash <(command)) instead\n");
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
