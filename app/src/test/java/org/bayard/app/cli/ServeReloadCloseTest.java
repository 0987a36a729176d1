package org.bayard.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigLoader;
import org.bayard.app.gate.GateService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serve closes its configuration watcher first, then the HTTP side, the gate and the store. The
 * watcher's close only asked it to stop: a reload under way went on against a gate being closed
 * and said so on stderr after serve had returned (or after "stopped cleanly").
 */
class ServeReloadCloseTest {
    @TempDir Path tmp;

    @Test
    void closeReturnsOnlyOnceAReloadUnderWayHasFinished() throws Exception {
        Path file = Files.writeString(tmp.resolve("bayard.yaml"), "smtp:\n  hostname: before.test\n");
        BayardConfig config = ConfigLoader.load(file);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        AppContext ctx = new AppContext(new ByteArrayInputStream(new byte[0]), quiet, quiet, Map.of(), Clock.systemUTC(), false);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        CountDownLatch writing = new CountDownLatch(1);
        // a stderr slow to take a line (a journald catching up, a pipe that is full): the reload is under way while it writes
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writing.countDown();
                // as a write to a full pipe: an interrupt does not end it
                boolean interrupted = false;
                for (long end = System.nanoTime() + 300_000_000L; System.nanoTime() < end; ) {
                    try {
                        Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) Thread.currentThread().interrupt();
                synchronized (said) {
                    said.write(b, off, len);
                }
            }
        };
        PrintStream err = new PrintStream(slow, true, StandardCharsets.UTF_8);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (Engine engine = Engine.open(config, tmp.resolve("db"), ctx);
             GateService gate = GateService.start(engine, tmp.resolve("q"), any, Clock.systemUTC(), quiet)) {
            ServeReload reload = new ServeReload(file, Files.readAllBytes(file), c -> c, Duration.ofMillis(40), config, gate, null, err);
            try {
                Files.writeString(file, "smtp:\n  hostname: after.test\n");
                assertThat(writing.await(20, TimeUnit.SECONDS)).as("the watcher reloads the changed file").isTrue();
            } finally {
                reload.close();
            }
            synchronized (said) {
                assertThat(said.toString(StandardCharsets.UTF_8)).as("what the reload said before close returned")
                        .contains("configuration " + file + " reloaded (file changed)");
            }
            assertThat(gate.config().smtp().hostname()).isEqualTo("after.test");
        }
    }
}
