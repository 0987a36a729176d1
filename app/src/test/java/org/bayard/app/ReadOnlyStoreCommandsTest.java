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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that only read the store, on a store this user may read but not write: on a
 * read-only bind mount (as systemd's ProtectSystem=strict makes /var/lib), and the system's store
 * owned by another user (rwxr-xr-x, rw-r--r--) read by a per-user procmail recipe. LMDB opened
 * the files for writing even to score. A reader that may write lock.mdb (group-writable for the
 * readers) now reads and changes nothing, alongside a running writer; one that may not (a
 * read-only mount, another user's rw-r--r-- lock file) is refused in one line naming the way out,
 * as reading without LMDB's lock table let a writer reuse pages mid-read. Commands that write
 * are refused in one line; filter with autolearn on a store it may only read still delivers.
 *
 * <p>Mounting and another user's files need root (the suite runs as root in CI); the other
 * user is root without the capabilities that let it write any file (setpriv). Elsewhere skipped.
 */
class ReadOnlyStoreCommandsTest {
    static final Path SAMPLES = Path.of(System.getProperty("bayard.samples", "../samples"));

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
    void theCommandsThatOnlyReadRefuseAReadOnlyMountInOneLineNamingACopyAndChangeNothing() throws Exception {
        Map<String, String> before = listing(mount);
        Cli cli = new Cli(mount);
        String spam = SAMPLES.resolve("held-out/spam-1.eml").toString();
        Path dump = dir.resolve("dump");

        for (List<String> command : List.of(List.of("score", spam), List.of("explain", spam), List.of("db", "stats"),
                List.of("db", "export", dump.toString()))) {
            Cli.Result r = cli.run(command.toArray(String[]::new));
            assertThat(r.exitCode()).as(command + ": " + r.err()).isEqualTo(1);
            assertThat(r.err()).as(command.toString()).hasLineCount(1).startsWith("bayard: ")
                    .contains("it is on a read-only file system").contains("read a copy of the store")
                    .doesNotContain("Exception");
        }
        assertThat(dump).doesNotExist();
        assertThat(listing(mount)).isEqualTo(before);
    }

    /** As before reading commands opened the store read-only: the message goes out unfiltered, with the failure code. */
    @Test
    void filterOnAReadOnlyMountPassesTheMessageUnfilteredWithOneLine() throws Exception {
        Path config = dir.resolve("autolearn.yaml");
        Files.writeString(config, "autolearn:\n  enabled: true\n");
        Map<String, String> before = listing(mount);
        byte[] message = Files.readAllBytes(SAMPLES.resolve("held-out/ham-2.eml"));
        for (List<String> args : List.of(List.of("filter"), List.of("filter", "--config", config.toString()))) {
            Cli.Result r = new Cli(mount).runWithInput(message, args.toArray(String[]::new));
            assertThat(r.exitCode()).as(args + ": " + r.err()).isEqualTo(75);
            assertThat(r.outBytes()).isEqualTo(message);
            assertThat(r.err()).as(args.toString()).hasLineCount(1).startsWith("bayard filter: message passed unfiltered: ")
                    .contains("it is on a read-only file system").contains("read a copy of the store");
        }
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

    /**
     * The system's store, read by a per-user procmail recipe: another user's, rwxr-xr-x and
     * rw-r--r--, lock file included. Reading it unregistered in lock.mdb is not safe, so filter
     * passes the message unfiltered with one line naming the fix; learn is refused in one line.
     */
    @Test
    void anotherUsersStoreWhoseLockFileTheReaderMayNotWriteIsRefusedNamingTheFix() throws Exception {
        Path copy = systemStore("refused", false);
        Map<String, String> before = listing(copy);
        Path spam = SAMPLES.resolve("held-out/spam-1.eml");

        Ran filter = ran(asAnotherUser("filter", "--db", copy.toString()).redirectInput(spam.toFile()));
        assertThat(filter.code()).as(filter.err()).isEqualTo(75);
        assertThat(filter.out()).isEqualTo(Files.readString(spam, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(filter.err()).hasLineCount(1).startsWith("bayard filter: message passed unfiltered: ")
                .contains("lock.mdb belongs to nobody (rw-r--r--)")
                .contains("chgrp GROUP " + copy.toRealPath().resolve("lock.mdb"))
                .contains("chmod g+w " + copy.toRealPath().resolve("lock.mdb")).contains("or run as nobody");

        Ran score = ran(asAnotherUser("score", "--db", copy.toString(), spam.toString()));
        assertThat(score.code()).as(score.err()).isEqualTo(1);
        assertThat(score.err()).hasLineCount(1).startsWith("bayard: ").contains("chmod g+w").doesNotContain("Exception");

        Ran learn = ran(asAnotherUser("learn", "--spam", "--db", copy.toString(), spam.toString()));
        assertThat(learn.code()).isEqualTo(1);
        assertThat(learn.err()).hasLineCount(1).startsWith("bayard: ").contains("belongs to nobody").doesNotContain("Exception");

        assertThat(listing(copy)).isEqualTo(before);
    }

    /**
     * The same store with lock.mdb writable by the readers' group, while the service has it open:
     * the readers record themselves there and read alongside it; filter with autolearn on scores
     * and delivers with one warning, and learn is still refused.
     */
    @Test
    void anotherUsersStoreWithAGroupWritableLockFileIsReadWhileTheWriterRuns() throws Exception {
        Path copy = systemStore("shared", true);
        String dataBefore = listing(copy).get("data.mdb");
        Path spam = SAMPLES.resolve("held-out/spam-1.eml");
        Path config = dir.resolve("shared-autolearn.yaml");
        Files.writeString(config, "autolearn:\n  enabled: true\n");

        try (org.bayard.store.lmdb.LmdbTokenStore writer = org.bayard.store.lmdb.LmdbTokenStore.open(copy,
                org.bayard.core.token.Tokenizer.VERSION)) {
            Ran filter = ran(asAnotherUser("filter", "--db", copy.toString()).redirectInput(spam.toFile()));
            assertThat(filter.code()).as(filter.err()).isZero();
            assertThat(filter.err()).isEmpty();
            assertThat(filter.out()).contains("X-Spam-Flag: YES").contains("autolearn=no");

            Ran learning = ran(asAnotherUser("filter", "--config", config.toString(), "--db", copy.toString())
                    .redirectInput(spam.toFile()));
            assertThat(learning.code()).as(learning.err()).isZero();
            assertThat(learning.out()).contains("X-Spam-Flag: YES").contains("autolearn=unavailable");
            assertThat(learning.err()).hasLineCount(1).startsWith("bayard filter: autolearn skipped: ")
                    .contains("belongs to nobody");

            Ran stats = ran(asAnotherUser("db", "stats", "--db", copy.toString()));
            assertThat(stats.code()).as(stats.err()).isZero();
            assertThat(stats.out()).contains("messages  500 (ham 300, spam 200)");

            Ran learn = ran(asAnotherUser("learn", "--spam", "--db", copy.toString(), spam.toString()));
            assertThat(learn.code()).isEqualTo(1);
            assertThat(learn.err()).hasLineCount(1).startsWith("bayard: ").contains("belongs to nobody");
        }
        assertThat(listing(copy).get("data.mdb")).isEqualTo(dataBefore);
    }

    /** A copy of the store as the system's: nobody's, rwxr-xr-x and rw-r--r--; lock.mdb rw-rw-r-- for group root when asked. */
    private static Path systemStore(String name, boolean lockWritableByRootsGroup) throws Exception {
        Path copy = Files.createDirectories(dir.resolve(name).resolve("db"));
        Files.copy(store.resolve("data.mdb"), copy.resolve("data.mdb"));
        Files.copy(store.resolve("lock.mdb"), copy.resolve("lock.mdb"));
        UserPrincipal nobody = copy.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        for (Path p : List.of(copy, copy.resolve("data.mdb"), copy.resolve("lock.mdb"))) {
            Files.setOwner(p, nobody);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        if (lockWritableByRootsGroup) {
            Path lock = copy.resolve("lock.mdb");
            Files.getFileAttributeView(lock, java.nio.file.attribute.PosixFileAttributeView.class)
                    .setGroup(copy.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("root"));
            Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-rw-r--"));
        }
        return copy;
    }

    private record Ran(int code, String out, String err) {}

    private static Ran ran(ProcessBuilder pb) throws Exception {
        Commands.Ran ran = Commands.run(pb, 60);
        assertThat(ran.timedOut()).as(ran.said(pb.command())).isFalse();
        return new Ran(ran.exit(), new String(ran.out(), java.nio.charset.StandardCharsets.ISO_8859_1), ran.errors());
    }

    private static ProcessBuilder asAnotherUser(String... args) {
        ProcessBuilder pb = ChildJvm.bayard(List.of(), args); // as the launcher passes it
        List<String> command = new ArrayList<>(RootWithoutFileAccess.PREFIX);
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
        Commands.succeeds(command);
    }
}
