package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that only read the store, on a store this user may read but not write: on a
 * read-only bind mount (as systemd's ProtectSystem=strict makes /var/lib), and the system's store
 * owned by another user (rwxr-xr-x, rw-r--r--) read by a per-user procmail recipe. They were
 * refused, as LMDB opened the files for writing even to score; now they work and change nothing,
 * commands that write are refused in one line, and filter with autolearn on still delivers.
 *
 * <p>Mounting and another user's files need root (the suite runs as root in CI); the other
 * user is root without the capabilities that let it write any file (setpriv). Elsewhere skipped.
 */
class ReadOnlyStoreCommandsTest {
    static final Path SAMPLES = Path.of(System.getProperty("bayard.samples", "../samples"));
    private static final List<String> WITHOUT_ROOTS_FILE_ACCESS = List.of("setpriv",
            "--inh-caps=-dac_override,-dac_read_search,-fowner", "--bounding-set=-dac_override,-dac_read_search,-fowner");

    @TempDir static Path dir;
    static Path store;
    static Path mount;
    static boolean mounted;

    @BeforeAll
    static void trainAndMountReadOnly() throws Exception {
        assumeThat(System.getProperty("user.name")).as("mounts and another user's files need root").isEqualTo("root");
        store = dir.resolve("db");
        Cli.Result r = new Cli(store).run("train", "--ham", SAMPLES.resolve("ham.mbox").toString(),
                "--spam", SAMPLES.resolve("spam.mbox").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        mount = Files.createDirectories(dir.resolve("ro"));
        sh("mount", "--bind", store.toString(), mount.toString());
        mounted = true;
        sh("mount", "-o", "remount,bind,ro", mount.toString());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mounted) sh("umount", mount.toString());
    }

    @Test
    void theCommandsThatOnlyReadWorkOnAReadOnlyMountAndChangeNothing() throws Exception {
        Map<String, String> before = listing(mount);
        Cli cli = new Cli(mount);
        String spam = SAMPLES.resolve("held-out/spam-1.eml").toString();

        Cli.Result score = cli.run("score", spam);
        assertThat(score.exitCode()).as(score.err()).isZero();
        assertThat(score.out()).contains(" spam ");
        Cli.Result explain = cli.run("explain", spam);
        assertThat(explain.exitCode()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("store has 300 ham and 200 spam");
        Cli.Result stats = cli.run("db", "stats");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("messages  500 (ham 300, spam 200)");
        Path dump = dir.resolve("dump");
        Cli.Result export = cli.run("db", "export", dump.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(dump).isNotEmptyFile();
        Cli.Result filter = cli.runWithInput(Files.readAllBytes(Path.of(spam)), "filter");
        assertThat(filter.exitCode()).as(filter.err()).isZero();
        assertThat(filter.err()).isEmpty();
        assertThat(filter.out()).contains("X-Spam-Flag: YES").contains("autolearn=no");

        assertThat(listing(mount)).isEqualTo(before);
    }

    @Test
    void learningIntoAReadOnlyMountIsRefusedInOneLine() throws Exception {
        Map<String, String> before = listing(mount);
        Cli.Result r = new Cli(mount).run("learn", "--spam", SAMPLES.resolve("held-out/ham-1.eml").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).startsWith("bayard: ")
                .contains("it is on a read-only file system").doesNotContain("Exception");
        assertThat(listing(mount)).isEqualTo(before);
    }

    /** The message is delivered with its headers: only the learning is skipped, with a warning. */
    @Test
    void filterWithAutolearnOnAReadOnlyMountDeliversAndWarnsOnce() throws Exception {
        Path config = dir.resolve("autolearn.yaml");
        Files.writeString(config, "autolearn:\n  enabled: true\n");
        Map<String, String> before = listing(mount);
        byte[] message = Files.readAllBytes(SAMPLES.resolve("held-out/ham-2.eml"));
        Cli.Result r = new Cli(mount).runWithInput(message, "filter", "--config", config.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("X-Bayard-Classification: ham").contains("autolearn=unavailable");
        assertThat(r.err()).hasLineCount(1).startsWith("bayard filter: autolearn skipped: ")
                .contains(mount.toString()).contains("read-only file system");
        assertThat(listing(mount)).isEqualTo(before);
    }

    /**
     * The system's store, read by a per-user procmail recipe: another user's, rwxr-xr-x and
     * rw-r--r--, with nothing else using it. filter scores, and learn is refused in one line.
     */
    @Test
    void anotherUsersStoreIsReadByFilterAndRefusedToLearn() throws Exception {
        Path system = Files.createDirectories(dir.resolve("system"));
        Path copy = system.resolve("db");
        Files.createDirectories(copy);
        Files.copy(store.resolve("data.mdb"), copy.resolve("data.mdb"));
        Files.copy(store.resolve("lock.mdb"), copy.resolve("lock.mdb"));
        UserPrincipal nobody = copy.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        for (Path p : List.of(copy, copy.resolve("data.mdb"), copy.resolve("lock.mdb"))) {
            Files.setOwner(p, nobody);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        Map<String, String> before = listing(copy);
        Path spam = SAMPLES.resolve("held-out/spam-1.eml");

        Process filter = asAnotherUser("filter", "--db", copy.toString()).redirectInput(spam.toFile()).start();
        String out = new String(filter.getInputStream().readAllBytes());
        String err = new String(filter.getErrorStream().readAllBytes());
        assertThat(filter.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(filter.exitValue()).as(err).isZero();
        assertThat(out).contains("X-Spam-Flag: YES");

        Process learn = asAnotherUser("learn", "--spam", "--db", copy.toString(), spam.toString()).start();
        learn.getInputStream().readAllBytes();
        String learnErr = new String(learn.getErrorStream().readAllBytes());
        assertThat(learn.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(learn.exitValue()).isEqualTo(1);
        assertThat(learnErr).hasLineCount(1).startsWith("bayard: ").contains("belongs to nobody").doesNotContain("Exception");

        assertThat(listing(copy)).isEqualTo(before);
    }

    private static ProcessBuilder asAnotherUser(String... args) {
        ProcessBuilder pb = ChildJvm.bayard(List.of(), args);
        List<String> command = new ArrayList<>(WITHOUT_ROOTS_FILE_ACCESS);
        command.addAll(pb.command());
        return pb.command(command);
    }

    /** Every file's name, size and modification time, and the data file's bytes' hash (never the lock file opened). */
    private static Map<String, String> listing(Path store) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.list(store)) {
            for (Path p : all.toList()) {
                files.put(p.getFileName().toString(), Files.size(p) + " " + Files.getLastModifiedTime(p)
                        + (p.getFileName().toString().equals("data.mdb") ? " " + java.util.Arrays.hashCode(Files.readAllBytes(p)) : ""));
            }
        }
        return files;
    }

    private static void sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
