package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code trap --spam -} run from an alias answers for each kind of bad input, and so whether
 * the mail system bounces it (65) to the envelope sender. A report from one of the site's users
 * that holds no mail goes back to that user, with the receipt saying why: their mistake, told to
 * them. Mail from strangers to a published trap address (a honeypot, senders forged) must never
 * bounce, as that is backscatter; local(8) gives such mail with its own header fields, so a
 * stranger's mail is learned whole whatever its body, and the alias line README gives for a
 * honeypot takes 65 as delivered.
 */
class TrapStrangersMailTest {
    @TempDir Path dir;

    /** As Postfix's local(8) pipes a message to an alias's command: its envelope line and header fields first. */
    private static byte[] asLocalDelivers(String rest) {
        return ("From forged@example.net  Tue Nov 24 10:00:00 2026\nReturn-Path: <forged@example.net>\n"
                + "Delivered-To: spamtrap@example.org\nReceived: from unknown (unknown [192.0.2.9])\n" + rest)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aStrangersMailIsLearnedWholeWhateverItsBody() {
        Cli cli = new Cli(dir.resolve("db"));
        for (String body : List.of("Subject: empty\n\n", "Subject: junk\n\n\u0000\u0001\u00ff\u00fe\u0007\n",
                "Subject: no body at all\n")) {
            Cli.Result r = cli.runWithInput(asLocalDelivers(body), "trap", "--spam", "-");
            assertThat(r.exitCode()).as(body + r.out() + r.err()).isZero();
            assertThat(r.out()).as(body).contains("1 learned");
        }
    }

    @Test
    void aReportWithNoMailInItGoesBackToTheReporter() {
        Cli cli = new Cli(dir.resolve("db"));
        String emptyForward = "From: user@example.org\nSubject: Fwd: spam\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nsee attached\n"
                + "--b\nContent-Type: message/rfc822\n\n\n--b--\n";
        Cli.Result r = cli.runWithInput(asLocalDelivers(emptyForward), "trap", "--spam", "-");
        assertThat(r.exitCode()).isEqualTo(65);
        assertThat(r.out()).contains("refused: <stdin> attachment 1 (message/rfc822): empty");
    }

    /** README's alias line for a honeypot, run by sh as local(8) runs it: 65 is delivered, a failure still waits in the queue. */
    @Test
    void theHoneypotAliasLineTakesNoMailAsDelivered() throws Exception {
        String emptyForward = "Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
                + "--b\nContent-Type: message/rfc822\n\n\n--b--\n";
        Path report = Files.write(dir.resolve("report"), asLocalDelivers(emptyForward));
        assertThat(honeypotAlias(report, dir.resolve("db"))).isZero();
        Path notAStore = Files.writeString(dir.resolve("not-a-store"), "a file where the store should be");
        assertThat(honeypotAlias(report, notAStore)).isEqualTo(75);
    }

    private int honeypotAlias(Path stdin, Path db) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "\"$@\" -; s=$?; [ $s = 65 ] && exit 0; exit $s", "sh"));
        cmd.addAll(ChildJvm.bayard(List.of(), "trap", "--spam", "--db", db.toString()).command());
        Commands.Ran ran = Commands.run(new ProcessBuilder(cmd).redirectInput(stdin.toFile()).redirectErrorStream(true), 120);
        assertThat(ran.timedOut()).isFalse();
        return ran.exit();
    }
}
