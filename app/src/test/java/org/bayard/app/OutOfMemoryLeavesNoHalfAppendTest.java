package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An append to a user's mailbox ({@code mbox collect --append}, {@code quarantine export
 * --mbox}) halted out of heap by another thread: the halt runs no shutdown hook, which is what
 * undid an append stopped by SIGTERM, so the messages appended so far stayed, the last one cut
 * off, at the end of the user's mailbox.
 */
class OutOfMemoryLeavesNoHalfAppendTest {
    /** The samples' mailboxes named this many times over: an append that outlasts the heap's filling. */
    private static final int TIMES = 40;
    @TempDir Path dir;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void anAppendHaltedOutOfHeapLeavesTheMailboxAsItWas() throws Exception {
        Path mbox = dir.resolve("user.mbox");
        byte[] before = Files.readAllBytes(Path.of("../samples/held-out/ham-1.eml"));
        Files.write(mbox, ("From someone@example.org Tue Nov 24 10:00:00 2026\n" + new String(before, StandardCharsets.ISO_8859_1) + "\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        byte[] was = Files.readAllBytes(mbox);
        List<String> args = new ArrayList<>(List.of("mbox", "collect", "--append", "-o", mbox.toString()));
        args.addAll(Collections.nCopies(TIMES, Path.of("../samples/spam.mbox").toAbsolutePath().toString()));

        // the heap run out at once once the mailbox is open for the append
        String said = HeapHogThenBayard.endsOutOfHeap(processes, dir.resolve("printed"), List.of("-Xmx128m",
                "-Dbayard.test.db=" + dir.resolve("no-store"), "-Dbayard.test.hog-when-open=" + mbox, "-Dbayard.test.hog-after-ms=0"),
                args.toArray(String[]::new));

        assertThat(Files.size(mbox)).as("the mailbox's length; said: " + said).isEqualTo(was.length);
        assertThat(Files.readAllBytes(mbox)).isEqualTo(was);
    }
}
