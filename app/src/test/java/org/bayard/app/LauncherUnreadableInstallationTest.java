package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installation its owner cloned or built under a umask of 077 (a hardened root's): the
 * service's user could run the launcher, whose folder the owner opened up, but not read what it
 * needs next. A launcher script it could not read ended a pipe's delivery with bash's "Permission
 * denied" and exit 1, nothing written, which the mail system bounces; an application folder it
 * could not read was taken for one never built, and the advice to build it again changed nothing.
 * The launcher now names the part it cannot read and the chmod that opens the installation, and a
 * pipe keeps the mail as for any start that fails.
 *
 * <p>The user here is root without the capabilities that let it read any file (setpriv), and the
 * installation, in this test's own folder, is nobody's: that needs root, as the suite has in CI.
 */
class LauncherUnreadableInstallationTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final byte[] MESSAGE = "From: a@example.com\r\nSubject: hello\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir Path dir;

    @Test
    void aLauncherScriptThisUserCannotReadIsNamedAndAPipeKeepsTheMail() throws Exception {
        assumeThat(System.getProperty("user.name")).as("another user's installation needs root").isEqualTo("root");
        Path home = installationOfNobody("scripts");
        String advice = "bayard: this user (root) cannot read " + home + "/scripts (it belongs to nobody, drwx------),"
                + " part of the Bayard installation in " + home + ": make the installation readable by the users that run it"
                + " (chmod -R go+rX " + home + ")";

        Ran filter = run(home, "filter");
        assertThat(filter.code()).as(filter.err()).isEqualTo(75);
        assertThat(filter.out()).as("the message goes out unfiltered").isEqualTo(MESSAGE);
        assertThat(filter.err()).contains(advice).doesNotContain("Permission denied");

        Ran filterWithCode = run(home, "filter", "--exit-code");
        assertThat(filterWithCode.code()).as(filterWithCode.err()).isEqualTo(3);
        assertThat(filterWithCode.out()).isEqualTo(MESSAGE);

        Ran trap = run(home, "trap", "--spam", "-");
        assertThat(trap.code()).as("a trap's pipe leaves the report in the queue: " + trap.err()).isEqualTo(75);
        assertThat(trap.err()).contains(advice);

        Ran serve = run(home, "serve");
        assertThat(serve.code()).as(serve.err()).isEqualTo(1);
        assertThat(serve.err()).contains(advice).doesNotContain("Permission denied");
    }

    @Test
    void aBuiltApplicationThisUserCannotReadIsNotTakenForOneNeverBuilt() throws Exception {
        assumeThat(System.getProperty("user.name")).as("another user's installation needs root").isEqualTo("root");
        Path home = installationOfNobody("app/target");

        Ran serve = run(home, "serve");
        assertThat(serve.code()).as(serve.err()).isEqualTo(1);
        assertThat(serve.err()).contains("bayard: this user (root) cannot read " + home + "/app/target (it belongs to nobody,"
                + " drwx------), part of the Bayard installation in " + home);
        assertThat(serve.err()).doesNotContain("has not been built").doesNotContain("building");
    }

    /**
     * An installation in a folder only its owner may reach (a clone under /root, or one made under
     * a umask of 077) is one no other user can run: the service's user, or a mail system's pipe,
     * gets the shell's "Permission denied" and exit 126 before the launcher can say anything, which
     * Postfix's pipe(8) bounces. The one moment the launcher can say so is when its owner builds it.
     */
    @Test
    void aBuildThatOtherUsersCannotRunSaysWhyAndWhatToDo() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path home = openUnbuiltInstallation(dir.resolve("opt-bayard"));

        Ran build = runAsIs(home, "--version");
        assertThat(build.err()).contains("bayard: building");
        String user = System.getProperty("user.name");
        assertThat(build.err()).contains("bayard: note: users other than " + user + " cannot run the installation in " + home
                + ": " + dir + " is " + user + "'s alone (drwx------); move it where every user may reach it (such as /opt)");
    }

    @Test
    void aBuildEveryUserMayRunSaysNothingMore() throws Exception {
        Path open = Files.createTempDirectory(Path.of("/tmp"), "bayard-open-installation-");
        try {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path home = openUnbuiltInstallation(open.resolve("opt-bayard"));
            Ran build = runAsIs(home, "--version");
            assertThat(build.err()).contains("bayard: building").doesNotContain("note:");

            Files.setPosixFilePermissions(home.resolve("scripts"), PosixFilePermissions.fromString("rwx------"));
            Files.delete(home.resolve("app/target/bayard.jar"));
            Ran closedBuild = runAsIs(home, "--version");
            assertThat(closedBuild.err()).contains("bayard: note: users other than " + System.getProperty("user.name")
                    + " cannot run the installation in " + home + ": " + home + "/scripts is not theirs to read (drwx------);"
                    + " make it readable (chmod -R go+rX " + home + ")");
        } finally {
            try (Stream<Path> all = Files.walk(open)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    /** An installation not built yet, readable by all, whose "Maven" writes an application jar readable by all. */
    private Path openUnbuiltInstallation(Path home) throws Exception {
        Files.createDirectories(home.resolve("scripts"));
        for (String file : List.of("bayard", "scripts/std-streams.sh", "scripts/find-jdk.sh")) {
            Files.copy(REPO.resolve(file), home.resolve(file));
        }
        Path mvnw = Files.writeString(home.resolve("mvnw"),
                "#!/usr/bin/env bash\nmkdir -p app/target && printf PK > app/target/bayard.jar && chmod 755 app app/target && chmod 644 app/target/bayard.jar\n");
        for (String file : List.of("bayard", "mvnw")) {
            Files.setPosixFilePermissions(home.resolve(file), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String file : List.of("scripts/std-streams.sh", "scripts/find-jdk.sh")) {
            Files.setPosixFilePermissions(home.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        for (Path folder : List.of(home, home.resolve("scripts"))) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    /** A built installation, all of it nobody's and readable by all but {@code closed}, its owner's alone. */
    private Path installationOfNobody(String closed) throws Exception {
        Path home = Files.createDirectories(dir.resolve("opt-bayard"));
        Files.createDirectories(home.resolve("scripts"));
        for (String file : List.of("bayard", "scripts/std-streams.sh", "scripts/find-jdk.sh")) {
            Files.copy(REPO.resolve(file), home.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.write(Files.createDirectories(home.resolve("app/target")).resolve("bayard.jar"), new byte[] {'P', 'K'});
        Path mvnw = Files.writeString(home.resolve("mvnw"), "#!/usr/bin/env bash\necho 'the build ran' >&2\nexit 1\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipal nobody = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : all.toList()) Files.setOwner(p, nobody);
        }
        Files.setPosixFilePermissions(home.resolve(closed), PosixFilePermissions.fromString("rwx------"));
        return home;
    }

    private record Ran(int code, byte[] out, String err) {}

    /** The launcher as the capability-less root. */
    private Ran run(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(RootWithoutFileAccess.PREFIX);
        cmd.add(home.resolve("bayard").toString());
        cmd.addAll(List.of(args));
        return launch(cmd);
    }

    /** The launcher as the user running the tests. */
    private Ran runAsIs(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bayard").toString()));
        cmd.addAll(List.of(args));
        return launch(cmd);
    }

    /** Runs cmd with the message on stdin, its output in files, waited for at most 60 s and killed after. */
    private Ran launch(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("BAYARD_CONFIG");
        pb.environment().remove("BAYARD_DB");
        Path in = Files.write(dir.resolve("in.eml"), MESSAGE);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher ended within 60 s").isTrue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return new Ran(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }
}
