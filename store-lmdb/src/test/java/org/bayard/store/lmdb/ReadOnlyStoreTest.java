package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bayard.core.store.MailClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store this user may read but not write: the system's store, owned by the bayard user
 * (rwxr-xr-x, rw-r--r--), read by a per-user procmail recipe, or a store on a read-only mount
 * (ProtectSystem=strict, a read-only bind mount, a snapshot). LMDB opened both files for writing
 * even to score, so reading commands were refused. Read-only opens work and change nothing when
 * the reader may write lock.mdb, where LMDB records it to keep a writer off the pages it reads. A
 * reader that may not (another user's lock file, none at all, a read-only mount) is refused with
 * the way out: reading without the lock table (MDB_NOLOCK) let a writer that started meanwhile
 * reuse pages mid-read, and LMDB aborted the process.
 *
 * <p>Root reads and writes any file, so the other user is root without those capabilities
 * (setpriv), and the mount needs root: elsewhere these tests are skipped.
 */
class ReadOnlyStoreTest {
    private static final int VERSION = 4;
    private static final List<String> WITHOUT_ROOTS_FILE_ACCESS = List.of("setpriv",
            "--inh-caps=-dac_override,-dac_read_search,-fowner", "--bounding-set=-dac_override,-dac_read_search,-fowner");

    @TempDir Path tmp;
    Path store;
    Path mount;
    boolean mounted;

    @BeforeEach
    void learnThree() {
        assumeThat(System.getProperty("user.name")).as("another user's files and mounts need root").isEqualTo("root");
        store = tmp.resolve("store");
        try (LmdbTokenStore s = LmdbTokenStore.open(store, VERSION)) {
            for (long n = 0; n < 3; n++) {
                long id = n;
                s.write(w -> Messages.learn(w, id, MailClass.SPAM));
            }
        }
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) run("umount", mount.toString());
    }

    @Test
    void aReaderThatMayNotWriteTheLockFileIsRefusedNamingTheWayOutAndNothingChanges() throws Exception {
        giveToNobody(false);
        Map<String, String> before = listing(store);

        assertThat(readInChild()).isEqualTo(refusalOfAnotherUsersLockFile());
        assertThat(listing(store)).isEqualTo(before);
    }

    @Test
    void whileAWriterRunsAReaderThatMayNotWriteTheLockFileIsRefusedAsWell() throws Exception {
        giveToNobody(false);
        try (LmdbTokenStore writer = LmdbTokenStore.open(store, VERSION)) {
            Map<String, String> before = listing(store);
            assertThat(readInChild()).isEqualTo(refusalOfAnotherUsersLockFile());
            assertThat(listing(store)).isEqualTo(before);
        }
    }

    /** A data file copied alone, read by the store's owner: LMDB makes its lock file, as before read-only opens. */
    @Test
    void aStoreWithoutALockFileGetsOneFromItsOwnersRead() throws Exception {
        Files.delete(store.resolve("lock.mdb"));
        Map<String, String> before = listing(store);

        try (LmdbTokenStore s = LmdbTokenStore.openReadOnly(store, VERSION)) {
            assertThat(s.stats().ledgerEntries()).isEqualTo(3);
        }

        Map<String, String> after = listing(store);
        assertThat(after.remove("lock.mdb")).as("the lock file LMDB made").isNotNull();
        assertThat(after).isEqualTo(before);
    }

    /** Another user's store without a lock file: that reader may not make one, and is told who can. */
    @Test
    void anotherUsersStoreWithoutALockFileIsRefusedAndNoneIsMade() throws Exception {
        giveToNobody(false);
        Files.delete(store.resolve("lock.mdb"));
        Map<String, String> before = listing(store);

        Path lock = store.toRealPath().resolve("lock.mdb");
        assertThat(readInChild()).isEqualTo("failed java.io.UncheckedIOException: cannot read LMDB store at " + store.toRealPath()
                + ": it has no lock.mdb, where LMDB records each reader to keep a writer off the pages it reads; run bayard as"
                + " the store's owner (nobody), whose commands that write the store make it, then let the reading users write it"
                + " (chgrp GROUP " + lock + "; chmod g+w " + lock + ")");
        assertThat(store.resolve("lock.mdb")).doesNotExist();
        assertThat(listing(store)).isEqualTo(before);
    }

    @Test
    void aLockFileTheReadersGroupMayWriteLetsThemReadWhileTheWriterRuns() throws Exception {
        giveToNobody(true);
        try (LmdbTokenStore writer = LmdbTokenStore.open(store, VERSION)) {
            writer.write(w -> Messages.learn(w, 3, MailClass.HAM));
            assertThat(readInChild()).isEqualTo("read 4");
        }
    }

    @Test
    void aStoreOnAReadOnlyMountIsRefusedNamingACopyAndNothingIsCreatedThere() throws Exception {
        mountReadOnly();
        String refusal = "cannot read LMDB store at " + mount.toRealPath() + ": it is on a read-only file system, so this"
                + " reader cannot record itself in lock.mdb, where LMDB records each reader to keep a writer off the pages"
                + " it reads; read a copy of the store (cp -a " + mount.toRealPath() + " COPY) instead";
        Map<String, String> before = listing(mount);
        assertThatThrownBy(() -> LmdbTokenStore.openReadOnly(mount, VERSION).close()) // closed if opened: a mount in use stays mounted
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage(refusal);
        assertThat(listing(mount)).isEqualTo(before);

        Files.delete(store.resolve("lock.mdb")); // a copy or snapshot of the data file alone
        before = listing(mount);
        assertThatThrownBy(() -> LmdbTokenStore.openReadOnly(mount, VERSION).close())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage(refusal);
        assertThat(listing(mount)).isEqualTo(before);
    }

    @Test
    void writingIntoAReadOnlyMountIsRefusedAsBefore() throws Exception {
        mountReadOnly();
        assertThatThrownBy(() -> LmdbTokenStore.open(mount, VERSION))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("the directory is not writable (it is on a read-only file system)")
                .hasMessageNotContaining("even to read");
    }

    @Test
    void aStoreOpenedToReadRefusesWrites() throws Exception {
        try (LmdbTokenStore s = LmdbTokenStore.openReadOnly(store, VERSION)) {
            assertThatThrownBy(() -> s.write(w -> Messages.learn(w, 9, MailClass.HAM)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the LMDB store at " + store.toRealPath() + " was opened only to read");
        }
    }

    @Test
    void aStoreOpenedToReadIsNotCreated() {
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> LmdbTokenStore.openReadOnly(missing, VERSION).close())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read LMDB store at " + missing + ": it holds no store (no data.mdb)");
        assertThat(missing).doesNotExist();
    }

    private String refusalOfAnotherUsersLockFile() throws Exception {
        Path lock = store.toRealPath().resolve("lock.mdb");
        return "failed java.io.UncheckedIOException: cannot read LMDB store at " + store.toRealPath() + ": lock.mdb belongs"
                + " to nobody (rw-r--r--) and this user (root) may not write it, where LMDB records each reader to keep a"
                + " writer off the pages it reads; make it group-writable for the reading users (chgrp GROUP " + lock
                + "; chmod g+w " + lock + "; LMDB keeps the mode), or run as nobody";
    }

    private String readInChild() throws Exception {
        try (ChildJvm child = ChildJvm.startUnder(WITHOUT_ROOTS_FILE_ACCESS, tmp, List.of(), "read", store.toString(), "" + VERSION)) {
            String line = child.readLine(60);
            assertThat(line).as(child.stderr()).isNotNull();
            return line;
        }
    }

    /** As the system's store: nobody's, rwxr-xr-x and rw-r--r--; lock.mdb rw-rw-r-- for group root when asked. */
    private void giveToNobody(boolean lockWritableByRootsGroup) throws Exception {
        UserPrincipal nobody = store.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        for (Path p : List.of(store, store.resolve("data.mdb"), store.resolve("lock.mdb"))) {
            Files.setOwner(p, nobody);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        if (lockWritableByRootsGroup) {
            GroupPrincipal root = store.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("root");
            Files.getFileAttributeView(store.resolve("lock.mdb"), PosixFileAttributeView.class).setGroup(root);
            Files.setPosixFilePermissions(store.resolve("lock.mdb"), PosixFilePermissions.fromString("rw-rw-r--"));
        }
    }

    private void mountReadOnly() throws Exception {
        mount = Files.createDirectories(tmp.resolve("ro"));
        run("mount", "--bind", store.toString(), mount.toString());
        mounted = true;
        run("mount", "-o", "remount,bind,ro", mount.toString());
    }

    /**
     * Every file's name, size and modification time, and the data file's bytes' hash. Not the lock
     * file's: closing a file drops every POSIX lock this process holds on it, LMDB's among them.
     */
    private static Map<String, String> listing(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : all.toList()) {
                files.put(p.getFileName().toString(), Files.size(p) + " " + Files.getLastModifiedTime(p)
                        + (p.getFileName().toString().equals("data.mdb") ? " " + java.util.Arrays.hashCode(Files.readAllBytes(p)) : ""));
            }
        }
        return files;
    }

    private static void run(String... command) throws Exception {
        Commands.succeeds(command);
    }
}
