package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mbox split} and {@code collect} promise each message's bytes back. One past the 64 MiB a
 * message is read to was copied cut, with a warning and exit 0; now the run is refused, exit 1,
 * and nothing is written.
 */
class LargeMboxCopyTest {
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void splitRefusesAMailboxWithAMessageTooLargeToCopyWhole() throws Exception {
        Path box = LargeTrapReportTest.mboxWithAHugeMessage(tmp.resolve("huge.mbox"), "seller@spam.example");
        Path out = tmp.resolve("split");
        ChildJvm.Run r = bayard("mbox", "split", box.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.said()).isEqualTo(1);
        assertThat(r.said()).contains(box + "#1: longer than the message size limit", "mbox split copies each message whole, so nothing was written");
        assertThat(out).doesNotExist();
    }

    @Test
    void collectRefusesAMessageTooLargeToCopyWhole() throws Exception {
        Path big = tmp.resolve("big.eml");
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(big), 1 << 16)) {
            LargeTrapReportTest.bigMessage(o, "<big@spam.example>", 70_000_000);
        }
        Path mbox = tmp.resolve("out.mbox");
        ChildJvm.Run r = bayard("mbox", "collect", big.toString(), "-o", mbox.toString());
        assertThat(r.exit()).as(r.said()).isEqualTo(1);
        assertThat(r.said()).contains(big + ": longer than the message size limit", "mbox collect copies each message whole, so nothing was written");
        assertThat(mbox).doesNotExist();
    }

    private ChildJvm.Run bayard(String... args) throws Exception {
        return ChildJvm.run(processes, tmp.resolve("printed.txt"), null, List.of("-Xmx512m"), args);
    }
}
