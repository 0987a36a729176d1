package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bayard.core.quarantine.Spool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * quarantine export stopped with Ctrl-C (or SIGTERM) while it appended to a mailbox left what it
 * had written so far at the mailbox's end, its last message cut off: a mail client showed the
 * half message, and the next delivery appended after it. The held message is a FIFO here, so
 * that the export is stopped exactly while it is writing it.
 */
class QuarantineExportInterruptedTest {
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void anExportStoppedWithCtrlCLeavesTheMailboxAsItWas() throws Exception {
        Path spool = tmp.resolve("spool");
        Spool s = Spool.open(spool);
        byte[] sidecar = "{\"received\":\"2026-11-20T00:00:00Z\",\"reason\":\"unsure\"}".getBytes(StandardCharsets.UTF_8);
        s.hold("big1", new ByteArrayInputStream("Subject: big\n\nx\n".getBytes(StandardCharsets.US_ASCII)), sidecar);
        Path message = s.message("big1");
        Files.delete(message);
        Process mkfifo = new ProcessBuilder("mkfifo", message.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        Path mbox = Files.writeString(tmp.resolve("u.mbox"), "From a@example.org Mon Nov 23 10:00:00 2026\nSubject: mine\n\nhello\n\n");
        byte[] before = Files.readAllBytes(mbox);

        Process export = ChildJvm.bayard(List.of(), "quarantine", "export", "--db", tmp.resolve("db").toString(),
                "--quarantine", spool.toString(), "--mbox", mbox.toString(), "big1").redirectErrorStream(true).start();
        processes.add(export);
        CompletableFuture<byte[]> said = CompletableFuture.supplyAsync(() -> {
            try {
                return export.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        // the export's reading end opens this; its first 200 kB pass its 64 kB buffer into the mailbox,
        // and the rest never comes (a shell keeps the FIFO open, killed after the test): it is stopped meanwhile
        Path part = Files.writeString(tmp.resolve("part"), "Subject: big\n\n" + ("y".repeat(70) + "\n").repeat(3000));
        processes.add(new ProcessBuilder("sh", "-c", "exec 3>\"$2\"; cat \"$1\" >&3; exec sleep 120", "sh", part.toString(),
                message.toString()).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.size(mbox) <= before.length + 65536 && export.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(Files.size(mbox)).as("the export wrote part of the message").isGreaterThan(before.length + 65536L);
        Process ctrlC = new ProcessBuilder("kill", "-INT", Long.toString(export.pid())).start();
        assertThat(ctrlC.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(export.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(said.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertThat(export.exitValue()).as(out).isNotZero();
        assertThat(Files.size(mbox)).as("the mailbox's length; the export said: " + out).isEqualTo(before.length);
        assertThat(Files.readAllBytes(mbox)).isEqualTo(before);
    }
}
