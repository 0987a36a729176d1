package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that {@code bayard config check} passed but the program could not honour: each was
 * accepted, and then silently did something else than the key says (or nothing at all).
 */
class ConfigRangesTest {
    @TempDir Path dir;

    private Cli.Result check(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("bayard.yaml"), yaml);
        return new Cli(dir.resolve("db")).run("config", "check", file.toString());
    }

    /**
     * The blocklist takes entries of at most ten years (87600 hours); a longer smtp.blocklist-hours
     * passed the check, and then every rejection failed to list its sender ("blocklist not updated").
     */
    @Test
    void aBlocklistTimeTheBlocklistCannotKeepIsRefused() throws IOException {
        Cli.Result r = check("smtp:\n  blocklist-hours: 100000\n");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("smtp.blocklist-hours must be 0 (never) or over 0 and at most 87600, got 100000.0")
                .hasLineCount(1);
        assertThat(check("smtp:\n  blocklist-hours: 87600\n").exitCode()).isZero();
        assertThat(check("smtp:\n  blocklist-hours: 0\n").exitCode()).isZero();
    }

    /**
     * The socket timeouts are whole milliseconds in an int: 4294968 seconds became 704 ms, so
     * every session was cut off within a second, and larger values made every connection fail.
     */
    @Test
    void aTimeoutLongerThanASocketCanWaitIsRefused() throws IOException {
        for (String key : new String[] {"command-timeout-seconds", "next-hop-timeout-seconds"}) {
            Cli.Result r = check("smtp:\n  " + key + ": 4294968\n");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("smtp." + key + " must be at most 2147483, got 4294968").hasLineCount(1);
            assertThat(check("smtp:\n  " + key + ": 2147483\n").exitCode()).isZero();
        }
    }

    /**
     * The gate remembers a first attempt for a day: with smtp.unsure-delay-seconds of a day or
     * more, every retry came either too early or after the attempt was forgotten, so every unsure
     * message got 451 for ever, until its sender gave up and bounced it.
     */
    @Test
    void anUnsureDelayNoRetryCanMeetIsRefused() throws IOException {
        Cli.Result r = check("smtp:\n  unsure-delay-seconds: 90000\n");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("smtp.unsure-delay-seconds must be at most 86399, got 90000").hasLineCount(1);
        assertThat(check("smtp:\n  unsure-delay-seconds: 3600\n").exitCode()).isZero();
    }

    /**
     * With smtp.blocklist-hours 0 (the gate lists nobody), 'blocklist add' without --hours took
     * the 0 as its time and said "blocklist hours must be over 0 ..., got 0.0", naming neither the
     * key it came from nor the option that was missing.
     */
    @Test
    void blocklistAddWithoutHoursUnderANeverConfigurationAsksForHours() throws IOException {
        Path file = Files.writeString(dir.resolve("bayard.yaml"), "smtp:\n  blocklist-hours: 0\n");
        Cli cli = new Cli(dir.resolve("db"));
        assertThat(cli.run("learn", "--ham", "../samples/held-out/ham-1.eml").exitCode()).isZero(); // the blocklist lives beside a store
        Cli.Result r = cli.run("blocklist", "add", "-c", file.toString(), "192.0.2.7", "spammer@example.net");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("bayard blocklist: give --hours: smtp.blocklist-hours is 0, so there is no default time")
                .hasLineCount(1);
        assertThat(cli.run("blocklist", "add", "-c", file.toString(), "--hours", "2", "192.0.2.7", "spammer@example.net").exitCode()).isZero();
    }

    /**
     * After the queue (Postfix's content_filter) the client is Postfix and the mail is taken:
     * an unsure delay's 451 only makes Postfix retry from its queue, and a blocklisted sender's
     * 550 at RCPT is a bounce to the (usually forged) sender. Such a file is refused, by name.
     */
    @Test
    void keysThatMakeNoSenseAfterTheQueueAreRefused() throws IOException {
        Cli.Result delay = check("smtp:\n  mode: after-queue\n  unsure-delay-seconds: 300\n");
        assertThat(delay.exitCode()).as(delay.err()).isEqualTo(1);
        assertThat(delay.err()).contains("smtp.unsure-delay-seconds cannot be used with smtp.mode after-queue").hasLineCount(1);
        Cli.Result blocklist = check("smtp:\n  mode: after-queue\n  blocklist-hours: 3\n");
        assertThat(blocklist.exitCode()).as(blocklist.err()).isEqualTo(1);
        assertThat(blocklist.err()).contains("smtp.blocklist-hours cannot be used with smtp.mode after-queue").hasLineCount(1);
        Cli.Result discard = check("smtp:\n  after-queue-spam: discard\n");
        assertThat(discard.exitCode()).as(discard.err()).isEqualTo(1);
        assertThat(discard.err()).contains("smtp.after-queue-spam: discard applies only with smtp.mode after-queue").hasLineCount(1);
        Cli.Result mode = check("smtp:\n  mode: content-filter\n");
        assertThat(mode.exitCode()).as(mode.err()).isEqualTo(1);
        assertThat(mode.err()).contains("smtp.mode must be before-queue or after-queue, got 'content-filter'").hasLineCount(1);
        assertThat(check("smtp:\n  mode: after-queue\n  after-queue-spam: discard\n  blocklist-hours: 0\n").exitCode()).isZero();
        assertThat(check("smtp:\n  mode: before-queue\n  unsure-delay-seconds: 300\n").exitCode()).isZero();
    }

    /**
     * After the queue the gate consults no blocklist: 'blocklist add' said "blocked" for a
     * sender whose mail kept coming in. It still adds the entry (a gate before the queue may share
     * the store), and says that this one will not refuse it.
     */
    @Test
    void blocklistAddUnderAfterQueueSaysTheGateDoesNotConsultIt() throws IOException {
        Path file = Files.writeString(dir.resolve("bayard.yaml"), "smtp:\n  mode: after-queue\n");
        Cli cli = new Cli(dir.resolve("db"));
        assertThat(cli.run("learn", "--ham", "../samples/held-out/ham-1.eml").exitCode()).isZero();
        Cli.Result r = cli.run("blocklist", "add", "-c", file.toString(), "--hours", "2", "192.0.2.7", "spammer@example.net");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("smtp.mode is after-queue: bayard serve consults no blocklist there").hasLineCount(1);
        assertThat(cli.run("blocklist", "list", "-c", file.toString()).out()).contains("192.0.2.7");
    }
}
