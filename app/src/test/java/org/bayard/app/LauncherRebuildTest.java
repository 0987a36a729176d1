package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's upgrade builds the new version while the old {@code bayard serve} still runs
 * ({@code bayard --version}, then {@code systemctl restart bayard}), and the launcher builds by
 * itself when any command (a cron job's {@code quarantine expire}) finds the sources newer than
 * the jar. A running JVM loads its classes from the jar file it opened at start, as it needs
 * them; Maven's jar plugin writes {@code app/target/bayard.jar} in place (it truncates the file
 * and writes the plain jar into it, before the shade plugin renames it away), so the running
 * gate read the new bytes through its open file and met {@code NoClassDefFoundError} at the
 * first class it had not loaded yet: a trap report dropped the session at the end of its data,
 * and Postfix logged "lost connection ... message may be sent more than once".
 *
 * <p>The "Maven" here writes the jar as the jar plugin does (in place), so the test needs no
 * second build of the whole project; what it checks is the file a running JVM holds open.
 */
class LauncherRebuildTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final byte[] OLD_JAR = "PK the jar a running serve opened".getBytes(StandardCharsets.US_ASCII);

    @TempDir Path dir;

    @Test
    void aBuildLeavesTheJarARunningServeOpenedAsItWas() throws Exception {
        Path home = installationWithNewerSources(
                "printf 'PK the plain jar' > app/target/bayard.jar\n" // maven-jar-plugin: truncates the file in place
                        + "mv -f app/target/bayard.jar app/target/original-bayard.jar\n" // shade: the plain jar renamed
                        + "printf 'PK the new shaded jar' > app/target/bayard-shaded.jar\n"
                        + "mv -f app/target/bayard-shaded.jar app/target/bayard.jar\n");
        Path jar = home.resolve("app/target/bayard.jar");
        try (FileChannel running = FileChannel.open(jar)) { // as the serve started before the update holds it
            run(home, "--version");

            assertThat(Files.readString(jar)).as("the new build is in place").isEqualTo("PK the new shaded jar");
            ByteBuffer read = ByteBuffer.allocate(256);
            running.read(read, 0);
            assertThat(new String(read.array(), 0, read.position(), StandardCharsets.US_ASCII))
                    .as("what the running serve reads its classes from").isEqualTo(new String(OLD_JAR, StandardCharsets.US_ASCII));
        }
        assertThat(home.resolve("app/target")).isDirectoryNotContaining("glob:**/bayard.jar.*");
    }

    /** A failed build leaves the jar that was there, so what runs and what starts next are the old version, not no version. */
    @Test
    void aFailedBuildKeepsTheOldJar() throws Exception {
        Path home = installationWithNewerSources("printf 'PK half' > app/target/bayard.jar\nexit 1\n");
        String err = run(home, "--version");
        assertThat(err).contains("bayard: build failed");
        assertThat(Files.readAllBytes(home.resolve("app/target/bayard.jar"))).isEqualTo(OLD_JAR);
        assertThat(home.resolve("app/target")).isDirectoryNotContaining("glob:**/bayard.jar.*");
    }

    /**
     * A build killed after it moved the jar aside (a reboot mid-update) leaves no jar, and the one
     * aside is the last that worked: the next build, failing too, must give that back, not drop it.
     */
    @Test
    void aJarLeftAsideByAKilledBuildIsKept() throws Exception {
        Path home = installationWithNewerSources("exit 1\n");
        Path target = home.resolve("app/target");
        Files.move(target.resolve("bayard.jar"), target.resolve("bayard.jar.previous"));
        assertThat(run(home, "--version")).contains("bayard: build failed");
        assertThat(Files.readAllBytes(target.resolve("bayard.jar"))).isEqualTo(OLD_JAR);
    }

    /** The launcher and its scripts, a jar built an hour ago, a source changed since, and a "Maven" running {@code build}. */
    private Path installationWithNewerSources(String build) throws Exception {
        Path home = Files.createDirectories(dir.resolve("opt-bayard"));
        Files.createDirectories(home.resolve("scripts"));
        for (String file : List.of("bayard", "scripts/std-streams.sh", "scripts/find-jdk.sh")) {
            Files.copy(REPO.resolve(file), home.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path jar = Files.write(Files.createDirectories(home.resolve("app/target")).resolve("bayard.jar"), OLD_JAR);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.writeString(Files.createDirectories(home.resolve("app/src/main")).resolve("Updated.java"), "class Updated {}\n");
        Path mvnw = Files.writeString(home.resolve("mvnw"), "#!/usr/bin/env bash\n" + build);
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    /** Runs the launcher; the jars here are no real jars, so java's own complaint after the build is expected. */
    private String run(Path home, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(home.resolve("bayard").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.directory(dir.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path err = dir.resolve("err.txt");
        Commands.Ran ran = Commands.runPiped(pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(err.toFile()), 120);
        assertThat(ran.timedOut()).isFalse();
        return Files.readString(err);
    }
}
