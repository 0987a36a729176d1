package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installation updated by its owner (git pull, a new release unpacked) and not built again:
 * the service's user, which cannot write there, started a build at the next start or restart,
 * and the service stayed down with Maven's own errors and "bayard: build failed", nothing saying
 * why or what to do. The launcher now says it in one line, naming the owner and the command that
 * builds, and does not start a build it cannot finish.
 *
 * <p>The service's user here is root without the capabilities that let it write any file
 * (setpriv), and the installation is nobody's: that needs root, as the suite has in CI.
 */
class LauncherUpdateTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final byte[] MESSAGE = "From: a@example.com\r\nSubject: hello\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir Path dir;

    @Test
    void sourcesUpdatedAfterTheBuildAreNamedWithTheBuildCommandAndNothingIsBuilt() throws Exception {
        assumeThat(System.getProperty("user.name")).as("another user's installation needs root").isEqualTo("root");
        Path home = updatedInstallationOfNobody();

        Ran serve = run(home, "serve", "--db", dir.resolve("db").toString());
        assertThat(serve.code()).as(serve.err()).isEqualTo(1);
        assertThat(serve.err()).contains("bayard: the sources in " + home + " changed after it was built, and this user (root)"
                + " cannot write there to build it: build it as nobody (" + home + "/bayard --version), then start again");
        assertThat(serve.err()).as("no build started").doesNotContain("the build ran").doesNotContain("building");

        Ran filter = run(home, "filter");
        assertThat(filter.code()).as(filter.err()).isEqualTo(75);
        assertThat(filter.out()).as("the message goes out unfiltered").isEqualTo(MESSAGE);
    }

    /**
     * The owner's build after an update moves the old jar aside while Maven writes the new one. A
     * start of the service's user meanwhile (a message arriving during the upgrade) could not open
     * the build lock for writing, went on without it, found no jar, and was refused as "not built
     * yet", with advice to build what was being built: filter passed the mail unfiltered, serve
     * stayed down. It now waits for that build under a shared lock on the file opened for reading,
     * as a user who may write does, and then runs what was built.
     */
    @Test
    void aStartDuringItsOwnersBuildWaitsForItAndRunsWhatItBuilt() throws Exception {
        assumeThat(System.getProperty("user.name")).as("another user's installation needs root").isEqualTo("root");
        Path home = updatedInstallationOfNobody();
        Path lock = home.resolve("app/target/.launcher.lock");
        Files.setOwner(Files.write(lock, new byte[0]), home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Path jar = home.resolve("app/target/bayard.jar");
        Files.delete(jar);
        Path held = dir.resolve("build-holds-the-lock");
        Process build = new ProcessBuilder("flock", "-x", lock.toString(), "-c",
                "touch '" + held + "'; sleep 3; printf PK > '" + jar + "'").redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(held); i++) Thread.sleep(100);
            assertThat(held).as("the owner's build holds the lock").exists();

            Ran serve = run(home, fakeJdk(), "serve");
            assertThat(serve.err()).doesNotContain("cannot write there to build it");
            assertThat(serve.code()).as(serve.err()).isZero();
            assertThat(new String(serve.out(), StandardCharsets.UTF_8)).as("the JVM ran the jar just built")
                    .startsWith("java ran").contains("-jar " + jar + " serve");
            assertThat(build.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            Commands.kill(build); // with its shell and sleep
        }
    }

    /**
     * A stand-in for a JDK 25 whose java says how it was run, and ends; with a javac, as the
     * launcher looks for one when it finds no jar (the owner's build has moved it aside).
     */
    private Path fakeJdk() throws Exception {
        Path jdk = Files.createDirectories(dir.resolve("jdk/bin")).getParent();
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25\"\n");
        for (String tool : List.of("java", "javac")) {
            Path bin = Files.writeString(jdk.resolve("bin/" + tool), "#!/usr/bin/env bash\necho \"" + tool + " ran $*\"\n");
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return jdk;
    }

    /** A built installation whose sources are newer than its build, all of it nobody's; its "Maven" says when it runs. */
    private Path updatedInstallationOfNobody() throws Exception {
        Path home = Files.createDirectories(dir.resolve("opt-bayard"));
        Files.createDirectories(home.resolve("scripts"));
        for (String file : List.of("bayard", "scripts/std-streams.sh", "scripts/find-jdk.sh")) {
            Files.copy(REPO.resolve(file), home.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path jar = Files.write(Files.createDirectories(home.resolve("app/target")).resolve("bayard.jar"), new byte[] {'P', 'K'});
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.writeString(Files.createDirectories(home.resolve("app/src/main")).resolve("Updated.java"), "class Updated {}\n");
        Path mvnw = Files.writeString(home.resolve("mvnw"), "#!/usr/bin/env bash\necho 'the build ran' >&2\nexit 1\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipal nobody = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : all.toList()) Files.setOwner(p, nobody);
        }
        return home;
    }

    private record Ran(int code, byte[] out, String err) {}

    private Ran run(Path home, String... args) throws Exception {
        return run(home, Path.of(System.getProperty("java.home")), args);
    }

    private Ran run(Path home, Path javaHome, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(RootWithoutFileAccess.PREFIX);
        cmd.add(home.resolve("bayard").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().remove("BAYARD_CONFIG");
        pb.environment().remove("BAYARD_DB");
        Path in = Files.write(dir.resolve("in.eml"), MESSAGE);
        Path err = dir.resolve("err.txt");
        Commands.Ran ran = Commands.runPiped(pb.redirectInput(in.toFile()).redirectError(err.toFile()), 120);
        assertThat(ran.timedOut()).isFalse();
        return new Ran(ran.exit(), ran.out(), Files.readString(err));
    }
}
