package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The launcher's guard for closed standard streams ({@code scripts/std-streams.sh}). With stdin
 * closed, the JVM's first open file (its modules image) became descriptor 0, and
 * {@code bayard score -} scored 64 MB of it as a message.
 */
class LauncherStreamsTest {
    private static final Path SCRIPT = Path.of("../scripts/std-streams.sh").toAbsolutePath();

    /** Where descriptors 0, 1 and 2 point after the guard, in a shell started with them closed. */
    private static String streamsAfterGuard(String closing) throws IOException, InterruptedException {
        String script = "exec 9>&2; " + closing + "; . '" + SCRIPT + "'; "
                + "for fd in 0 1 2; do echo \"$fd $(readlink /proc/$$/fd/$fd)\" >&9; done";
        // stdin stays a pipe (no /dev/null, which the guard's own answer would look like), closed at once;
        // stderr goes with stdout to the pipe read with a limit
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        p.getOutputStream().close();
        Commands.Ran ran = Commands.outputOf(p, 10);
        assertThat(ran.timedOut()).isFalse();
        return ran.output();
    }

    @Test
    void aClosedStdinReadsAsEmpty() throws Exception {
        assertThat(streamsAfterGuard("exec <&-")).contains("0 /dev/null");
    }

    @Test
    void aClosedStdoutFailsEveryWrite() throws Exception {
        assertThat(streamsAfterGuard("exec >&-")).contains("1 /dev/full");
    }

    @Test
    void openStreamsAreLeftAlone() throws Exception {
        assertThat(streamsAfterGuard("true")).doesNotContain("/dev/null").doesNotContain("/dev/full");
    }
}
