package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bayard.core.quarantine.Spool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * quarantine export into a mailbox on a disk that fills up, for real (a small tmpfs, so root,
 * as the suite runs in CI; skipped elsewhere). The export stopped at the full disk with a half
 * message at the end of the user's mailbox, which a mail client showed as a message, and the next
 * delivery appended after it; the error did not name the mailbox.
 */
class QuarantineExportFullDiskTest {
    @TempDir Path tmp;
    @RegisterExtension final SmallDiskPerTest disk = new SmallDiskPerTest("64k");

    @Test
    void anExportTheDiskHasNoRoomForLeavesTheMailboxAsItWas() throws Exception {
        Path spool = tmp.resolve("spool");
        Spool s = Spool.open(spool);
        byte[] sidecar = "{\"received\":\"2026-11-20T00:00:00Z\",\"reason\":\"unsure\"}".getBytes(StandardCharsets.UTF_8);
        s.hold("small1", new ByteArrayInputStream("Subject: small\n\nfits\n".getBytes(StandardCharsets.US_ASCII)), sidecar);
        String line = "x".repeat(70) + "\n";
        s.hold("big1", new ByteArrayInputStream(("Subject: big\n\n" + line.repeat(1200)).getBytes(StandardCharsets.US_ASCII)), sidecar);
        Path mbox = Files.writeString(disk.folder().resolve("u.mbox"), "From a@example.org Mon Nov 23 10:00:00 2026\nSubject: mine\n\nhello\n\n");
        byte[] before = Files.readAllBytes(mbox);
        Files.write(disk.folder().resolve("filler"), new byte[24 * 1024]);

        Cli.Result r = new Cli(tmp.resolve("db")).run("quarantine", "export", "--quarantine", spool.toString(), "--mbox", mbox.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).startsWith("bayard: " + mbox + ": ").contains("no space left on device")
                .contains("left as it was").doesNotContain("Exception");
        assertThat(Files.readAllBytes(mbox)).isEqualTo(before);
        assertThat(s.ids()).containsExactlyInAnyOrder("small1", "big1");
    }
}
