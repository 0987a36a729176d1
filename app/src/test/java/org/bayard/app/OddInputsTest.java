package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What score, explain and tokens do with inputs that are not simply messages, beside what learn
 * does with the same. A folder with an entry that cannot be read: learn skipped it with a warning
 * and went on, but score, explain and tokens stopped at it, the rest of the folder left unscored
 * (score's help says the others are still scored). A file that is no mail at all: learn refuses
 * it as "not mail", score scored it in silence, an unsure score read as a verdict on a message.
 */
class OddInputsTest {
    private static final Path HAM = Path.of("../samples/ham.mbox");
    private static final Path SPAM = Path.of("../samples/spam.mbox");

    @TempDir Path dir;
    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("db"));
        assertThat(cli.run("learn", "--ham", HAM.toString()).exitCode()).isZero();
        assertThat(cli.run("learn", "--spam", SPAM.toString()).exitCode()).isZero();
    }

    /** m1, m2, then a link to nothing (b sorts before m3), then m3. */
    private Path folderWithADanglingLinkInside() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(folder.resolve("m" + i + ".eml"), "From: a" + i + "@example.org\nSubject: note " + i
                    + "\nMessage-ID: <n" + i + "@example.org>\n\nsee you at " + i + "\n", StandardCharsets.US_ASCII);
        }
        Files.createSymbolicLink(folder.resolve("m2b.eml"), dir.resolve("nothing-there"));
        return folder;
    }

    @Test
    void scoreGoesOnPastAnEntryItCannotReadAsLearnDoes() throws Exception {
        Path folder = folderWithADanglingLinkInside();
        Cli.Result score = cli.run("score", folder.toString());
        assertThat(score.out()).contains("m1.eml", "m2.eml", "m3.eml");
        assertThat(score.err()).contains("warning: cannot read " + folder.resolve("m2b.eml")).contains("skipped");
        assertThat(score.exitCode()).isEqualTo(1);
        Cli.Result learn = cli.run("learn", "--ham", folder.toString());
        assertThat(learn.err()).contains("warning: cannot read " + folder.resolve("m2b.eml")).contains("skipped");
        assertThat(learn.exitCode()).isEqualTo(1);
    }

    @Test
    void explainGoesOnPastAnEntryItCannotRead() throws Exception {
        Path folder = folderWithADanglingLinkInside();
        Cli.Result explain = cli.run("explain", folder.toString());
        assertThat(explain.out()).contains("m1.eml", "m3.eml");
        assertThat(explain.err()).contains("warning: cannot read " + folder.resolve("m2b.eml"));
        assertThat(explain.exitCode()).isEqualTo(1);
    }

    @Test
    void tokensGoesOnPastAnEntryItCannotRead() throws Exception {
        Path folder = folderWithADanglingLinkInside();
        Cli.Result tokens = cli.run("tokens", folder.toString());
        assertThat(tokens.out()).contains("==> " + folder.resolve("m3.eml") + " <==");
        assertThat(tokens.err()).contains("warning: cannot read " + folder.resolve("m2b.eml"));
        assertThat(tokens.exitCode()).isEqualTo(1);
    }

    /** As bogofilter does, any bytes are scored (filter and serve score whatever arrives), with the reason learn gives for refusing them. */
    @Test
    void aFileThatIsNoMailIsScoredWithAWarning() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        for (Path file : new Path[] {Files.write(dir.resolve("noise.bin"), noise), Files.createFile(dir.resolve("empty.eml"))}) {
            Cli.Result learn = cli.run("learn", "--spam", file.toString());
            assertThat(learn.out()).contains("1 not mail");
            assertThat(learn.exitCode()).isZero();
            for (String command : new String[] {"score", "explain", "tokens"}) {
                Cli.Result ran = cli.run(command, file.toString());
                assertThat(ran.exitCode()).as(command + " " + file).isZero();
                assertThat(ran.out()).as(command + " " + file).isNotEmpty();
                assertThat(ran.err()).as(command + " " + file).startsWith("bayard: warning: " + file + ": ").contains("not a mail message");
                assertThat(ran.err().lines().count()).as(command + " " + file).isEqualTo(1);
            }
        }
    }

    /** mbox collect gathers mail to learn from later: a file learn will refuse is said when it is collected, by its name. */
    @Test
    void collectingAFileThatIsNoMailSaysSo() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.eml"));
        Path mail = Files.writeString(dir.resolve("mail.eml"), "From: a@example.org\nSubject: hi\n\nhello\n", StandardCharsets.US_ASCII);
        Path mbox = dir.resolve("out.mbox");
        Cli.Result ran = cli.run("mbox", "collect", "-o", mbox.toString(), mail.toString(), empty.toString());
        assertThat(ran.exitCode()).isZero();
        assertThat(ran.err()).isEqualTo("bayard: warning: " + empty + ": not a mail message (empty); collected as it is\n");
        assertThat(mbox).exists();
    }
}
