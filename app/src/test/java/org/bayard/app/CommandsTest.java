package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways a test's child kept CI waiting, each of which {@link Commands} must end in time: a
 * grandchild left holding the output, a command reading a stdin nobody closes, a command that
 * runs over, a line that never comes. Each grandchild writes its pid to a file, to be killed after.
 * (The command lingers a second after its grandchild starts: a read of a pipe already waiting
 * when the command ends waits for the grandchild too, where one begun after it may not.)
 */
class CommandsTest {
    @TempDir Path dir;

    @AfterEach
    void killTheGrandchild() throws Exception {
        Path pid = dir.resolve("pid");
        if (Files.exists(pid) && !Files.readString(pid).isBlank()) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private String leavesASleepBehind(int seconds) {
        return "sleep " + seconds + " & echo $! > '" + dir.resolve("pid") + "'";
    }

    private boolean grandchildAlive() throws Exception {
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void aGrandchildHoldingTheOutputDoesNotKeepTheTestWaiting() {
        Commands.Ran ran = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> Commands.run("sh", "-c", leavesASleepBehind(60) + "; echo started; sleep 1"));
        assertThat(ran.exit()).isZero();
        assertThat(ran.output()).isEqualTo("started\n");
    }

    @Test
    void aCommandReadingItsInputGetsItsEnd() {
        Commands.Ran ran = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Commands.run("cat"));
        assertThat(ran.timedOut()).isFalse();
        assertThat(ran.exit()).isZero();
    }

    @Test
    void aCommandOverItsLimitIsKilledWithWhatItStarted() throws Exception {
        Commands.Ran ran = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Commands.run(new ProcessBuilder("sh", "-c", leavesASleepBehind(60) + "; echo waiting; wait"), 1));
        assertThat(ran.timedOut()).isTrue();
        assertThat(ran.output()).isEqualTo("waiting\n");
        assertThat(grandchildAlive()).as("the sleep it started").isFalse();
    }

    @Test
    void aPipeHeldOpenAfterTheCommandEndedFailsTheTestInTime() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                () -> Commands.runPiped(new ProcessBuilder("sh", "-c", leavesASleepBehind(60) + "; echo started; sleep 1"), 10))
                .isInstanceOf(AssertionError.class).hasMessageContaining("still holds its output open"));
    }

    /**
     * LauncherStreamsTest once failed with "Stream closed": the command had ended and was then
     * destroyed, which closes the pipe, before the reader had its output to the end.
     */
    @Test
    void anOutputStillInThePipeWhenTheCommandEndsIsReadWhole() throws Exception {
        for (int i = 0; i < 200; i++) {
            Commands.Ran ran = Commands.runPiped(new ProcessBuilder("head", "-c", "200000", "/dev/zero"), 20);
            assertThat(ran.exit()).isZero();
            assertThat(ran.out()).hasSize(200_000);
        }
    }

    @Test
    void aLineThatNeverComesFailsTheTestInTime() throws Exception {
        Process silent = new ProcessBuilder("sleep", "60").start();
        try {
            Commands.Lines lines = Commands.linesOf(silent);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> lines.next(1))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("printed no line within 1 s"));
        } finally {
            Commands.kill(silent);
        }
        assertThat(silent.waitFor(0, TimeUnit.SECONDS)).as("killed").isTrue();
    }
}
