package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mbox collect} and {@code mbox split}, and the warnings for mailboxes cut short. */
class MboxCommandsTest {
    @TempDir Path dir;

    Cli cli() {
        return new Cli(dir.resolve("db"));
    }

    static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    private void assertSameFiles(Path expected, Path actual) throws IOException {
        List<Path> a = files(expected);
        List<Path> b = files(actual);
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) assertThat(b.get(i)).as(a.get(i).toString()).hasSameBinaryContentAs(a.get(i));
    }

    @Test
    void collectThenSplitGivesBackTheSameBytes() throws IOException {
        Path held = Files.createDirectories(dir.resolve("held"));
        Files.writeString(held.resolve("00001.eml"), "Subject: a\n\nFrom the start of a line\n>From quoted\n>>From twice\n");
        Files.writeString(held.resolve("00002.eml"), "Subject: crlf\r\n\r\nbody\r\nFrom here\r\n\r\n");
        Files.writeString(held.resolve("00003.eml"), "From sender@example.org Mon Jan  1 00:00:00 2024\nSubject: with envelope\n\nx\n\n\n");
        Files.writeString(held.resolve("00004.eml"), "");
        Files.writeString(held.resolve("00005.eml"), "Subject: blank lines then From\n\n\nFrom x\n\nFrom y\n");
        Files.writeString(held.resolve(".hidden"), "not mail\n");

        Path mbox = dir.resolve("u.mbox");
        Cli.Result c = cli().run("mbox", "collect", held.toString(), "-o", mbox.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.out()).isEqualTo("collect: 5 messages -> " + mbox + "\n");
        assertThat(Files.readString(mbox)).contains("\n>From the start").contains("\n>>From quoted\n").contains("\n>>>From twice\n")
                .startsWith("From MAILER-DAEMON Sat Nov 21 12:00:00 2026\n");

        Path out = dir.resolve("out");
        Cli.Result s = cli().run("mbox", "split", mbox.toString(), "-o", out.toString());
        assertThat(s.exitCode()).as(s.err()).isZero();
        assertThat(s.out()).isEqualTo("split: 5 messages -> " + out + "\n");
        assertThat(s.err()).isEmpty();
        Files.delete(held.resolve(".hidden"));
        assertSameFiles(held, out);
    }

    @Test
    void theSampleMailboxSurvivesSplitCollectSplit() throws IOException {
        Path ham = ScoreAndFilterTest.SAMPLES.resolve("ham.mbox");
        Path first = dir.resolve("first");
        assertThat(cli().run("mbox", "split", ham.toString(), "-o", first.toString()).out()).isEqualTo("split: 300 messages -> " + first + "\n");
        assertThat(first.resolve("00001.eml")).exists();
        assertThat(first.resolve("00300.eml")).exists();
        Path joined = dir.resolve("joined.mbox");
        assertThat(cli().run("mbox", "collect", first.toString(), "-o", joined.toString()).exitCode()).isZero();
        Path second = dir.resolve("second");
        assertThat(cli().run("mbox", "split", joined.toString(), "-o", second.toString()).exitCode()).isZero();
        assertSameFiles(first, second);
    }

    @Test
    void collectToStandardOutputAndAppend() throws IOException {
        Path one = Files.writeString(dir.resolve("one.eml"), "Subject: one\n\nFrom me\n");
        Cli.Result r = cli().run("mbox", "collect", one.toString(), "-o", "-");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("From MAILER-DAEMON Sat Nov 21 12:00:00 2026\nSubject: one\n\n>From me\n\n");
        assertThat(r.err()).isEqualTo("collect: 1 message -> standard output\n");

        Path box = dir.resolve("box");
        cli().run("mbox", "collect", one.toString(), "-o", box.toString());
        cli().run("mbox", "collect", "--append", one.toString(), "-o", box.toString());
        Path out = dir.resolve("out");
        assertThat(cli().run("mbox", "split", box.toString(), "-o", out.toString()).out()).startsWith("split: 2 messages");
    }

    @Test
    void aMailboxCutShortIsSplitWithAWarningNamingTheMessage() throws IOException {
        Path box = Files.writeString(dir.resolve("cut.mbox"),
                "From a Mon Jan  1 00:00:00 2024\nSubject: whole\n\nfine\n\nFrom b Mon Jan  1 00:00:00 2024\nSubject: cut\n\nhalf a li");
        Path out = dir.resolve("out");
        Cli.Result r = cli().run("mbox", "split", box.toString(), "-o", out.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("split: 2 messages -> " + out + "\n");
        assertThat(r.err()).isEqualTo("bayard: warning: " + box + "#2: the mailbox ends in the middle of this message's last line"
                + " (a truncated copy?); used as read\n");
        assertThat(Files.readString(out.resolve("00002.eml"))).isEqualTo("Subject: cut\n\nhalf a li");
    }

    @Test
    void learnAndTrainWarnAboutTheCutMessageButPrintTheSameSummary() throws IOException {
        Path box = Files.writeString(dir.resolve("cut.mbox"),
                "From a Mon Jan  1 00:00:00 2024\nSubject: whole\n\nfine\n\nFrom b Mon Jan  1 00:00:00 2024\nSubject: cut\n\nhalf a li");
        String warning = "bayard: warning: " + box + "#2: the mailbox ends in the middle";
        Cli.Result learn = cli().run("learn", "--spam", box.toString());
        assertThat(learn.out()).isEqualTo("learn spam: 2 messages (2 learned)\n");
        assertThat(learn.err()).startsWith(warning).hasLineCount(1);
        Cli.Result train = cli().run("train", "--ham", box.toString());
        assertThat(train.out()).startsWith("train: 2 messages (2 relearned)");
        assertThat(train.err()).contains(warning);
    }

    @Test
    void splitRefusesWhatIsNotAnMboxAndFoldersWithEarlierMessages() throws IOException {
        Path single = Files.writeString(dir.resolve("one.eml"), "Subject: one\n\nbody\n");
        Cli.Result r = cli().run("mbox", "split", single.toString(), "-o", dir.resolve("o1").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: " + single + " is not a mailbox (it does not begin with a 'From ' line or an MMDF line of four Ctrl-A)\n");
        assertThat(dir.resolve("o1")).doesNotExist();
        r = cli().run("mbox", "split", dir.resolve("missing").toString(), "-o", dir.resolve("o0").toString());
        assertThat(r.err()).isEqualTo("bayard: cannot read " + dir.resolve("missing") + ": no such file\n");
        assertThat(dir.resolve("o0")).as("nothing created for a bad input").doesNotExist();

        Path box = Files.writeString(dir.resolve("box"), "From a Mon Jan  1 00:00:00 2024\nSubject: x\n\nx\n");
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("00001.eml"), "older\n");
        r = cli().run("mbox", "split", box.toString(), "-o", used.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("already holds numbered messages (00001.eml)");
        assertThat(Files.readString(used.resolve("00001.eml"))).isEqualTo("older\n");

        Path empty = Files.writeString(dir.resolve("empty"), "");
        assertThat(cli().run("mbox", "split", empty.toString(), "-o", dir.resolve("o2").toString()).out()).startsWith("split: 0 messages");
        Cli.Result stdin = cli().runWithInput(Files.readAllBytes(box), "mbox", "split", "-", "-o", dir.resolve("o3").toString());
        assertThat(stdin.out()).startsWith("split: 1 message ");
        assertThat(dir.resolve("o3/00001.eml")).hasContent("Subject: x\n\nx");
        assertThat(new String(Files.readAllBytes(dir.resolve("o3/00001.eml")), StandardCharsets.US_ASCII)).isEqualTo("Subject: x\n\nx\n");
    }

    /** Split decides what is a mailbox exactly as the reader (and so train) does. */
    @Test
    void splitTakesWhatTheReaderTakesAsAMailboxAndNothingElse() throws IOException {
        Path leadingBlank = Files.writeString(dir.resolve("blank.mbox"), "\n\r\nFrom a Mon Jan  1 00:00:00 2024\nSubject: a\n\na\n\n"
                + "From b Mon Jan  1 00:00:00 2024\nSubject: b\n\nb\n");
        Cli.Result r = cli().run("mbox", "split", leadingBlank.toString(), "-o", dir.resolve("o1").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("split: 2 messages -> " + dir.resolve("o1") + "\n");
        assertThat(dir.resolve("o1/00001.eml")).hasContent("Subject: a\n\na");
        assertThat(cli().run("train", "--ham", leadingBlank.toString()).out()).startsWith("train: 2 messages");

        Path blankMmdf = Files.writeString(dir.resolve("blank.mmdf"), "\n\u0001\u0001\u0001\u0001\nSubject: m\n\nm\n\u0001\u0001\u0001\u0001\n");
        r = cli().run("mbox", "split", blankMmdf.toString(), "-o", dir.resolve("o2").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("split: 1 message ");
        assertThat(dir.resolve("o2/00001.eml")).hasContent("Subject: m\n\nm");

        Path notMmdf = Files.writeString(dir.resolve("ctrl-a.txt"), "\u0001\u0001\u0001\u0001x\nSubject: n\n\nn\n\u0001\u0001\u0001\u0001\n");
        r = cli().run("mbox", "split", notMmdf.toString(), "-o", dir.resolve("o3").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: " + notMmdf + " is not a mailbox (it does not begin with a 'From ' line or an MMDF line of four Ctrl-A)\n");
        assertThat(dir.resolve("o3")).doesNotExist();
        assertThat(cli().run("train", "--ham", notMmdf.toString()).out()).as("the reader takes it as one message").startsWith("train: 1 message ");
    }
}
