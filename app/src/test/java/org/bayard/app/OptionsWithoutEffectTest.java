package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bayard.core.quarantine.Spool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An option given to an action it does nothing for: 'quarantine list --days 7' listed every item,
 * 'quarantine release ID --mbox x' released without writing x, 'blocklist remove ... --hours 1'
 * removed the entry: each said nothing of the option, so the user believed it had been used.
 * They are usage errors now, with nothing done.
 */
class OptionsWithoutEffectTest {
    @TempDir Path dir;
    Cli cli;
    Path spool;

    @BeforeEach
    void holdOne() throws Exception {
        cli = new Cli(dir.resolve("db"));
        spool = dir.resolve("spool");
        byte[] sidecar = "{\"received\":\"2026-11-20T00:00:00Z\",\"reason\":\"unsure\"}".getBytes(StandardCharsets.UTF_8);
        Spool.open(spool).hold("a1", new ByteArrayInputStream("Subject: x\n\nbody\n".getBytes(StandardCharsets.US_ASCII)), sidecar);
    }

    private Cli.Result quarantine(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--quarantine";
        all[args.length + 1] = spool.toString();
        return cli.run(all);
    }

    private void refused(Cli.Result r, String option, String action) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains(option).contains(action).doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void daysIsForExpireOnly() throws Exception {
        refused(quarantine("quarantine", "list", "--days", "7"), "--days", "expire");
        refused(quarantine("quarantine", "discard", "a1", "--days", "7"), "--days", "expire");
        assertThat(Spool.open(spool).ids()).containsExactly("a1");
        assertThat(quarantine("quarantine", "expire", "--days", "7").exitCode()).isZero();
    }

    @Test
    void mboxIsForExportOnly() throws Exception {
        Path mbox = dir.resolve("held.mbox");
        refused(quarantine("quarantine", "discard", "a1", "--mbox", mbox.toString()), "--mbox", "export");
        refused(quarantine("quarantine", "list", "--mbox", mbox.toString()), "--mbox", "export");
        assertThat(Spool.open(spool).ids()).containsExactly("a1");
        assertThat(mbox).doesNotExist();
    }

    @Test
    void nextHopIsForWhatDelivers() throws Exception {
        refused(quarantine("quarantine", "discard", "a1", "--next-hop", "127.0.0.1:2525"), "--next-hop", "release");
        refused(quarantine("quarantine", "export", "--mbox", dir.resolve("m").toString(), "--next-hop", "127.0.0.1:2525"), "--next-hop", "release");
        assertThat(Spool.open(spool).ids()).containsExactly("a1");
        assertThat(Files.exists(dir.resolve("m"))).isFalse();
    }

    @Test
    void hoursIsForBlocklistAddOnly() {
        // makes the store the blocklist lives beside (a store made with nothing learned in it is no store)
        assertThat(cli.run("learn", "--ham", "../samples/held-out/ham-1.eml").exitCode()).isZero();
        assertThat(cli.run("blocklist", "add", "192.0.2.7", "s@example.net", "--hours", "5").exitCode()).isZero();
        refused(cli.run("blocklist", "remove", "192.0.2.7", "s@example.net", "--hours", "1"), "--hours", "add");
        refused(cli.run("blocklist", "list", "--hours", "1"), "--hours", "add");
        assertThat(cli.run("blocklist", "list").out()).contains("192.0.2.7");
    }
}
