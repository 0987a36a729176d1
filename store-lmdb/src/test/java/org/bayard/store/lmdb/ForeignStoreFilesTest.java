package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose files another user owns, as {@code sudo bayard learn} into a new store leaves
 * them for a {@code bayard serve} that runs as a user of its own. LMDB opens both files for
 * reading and writing even to score, and said only "Platform constant error code: EACCES
 * Permission denied (13)", naming neither the file nor whose it is.
 *
 * <p>The other process runs as root without the capabilities that let root write any file
 * (setpriv drops CAP_DAC_OVERRIDE), so that a file of another user's is refused to it as to
 * anyone; not root, it runs as this user, and the file is made read-only instead.
 */
class ForeignStoreFilesTest {
    private static final int VERSION = 4;
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final List<String> WITHOUT_ROOTS_FILE_ACCESS = List.of("setpriv",
            "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search");

    @TempDir
    Path tmp;

    @Test
    void aDataFileThisUserCannotWriteIsNamedWithItsOwnerAndTheWayOut() throws Exception {
        assertRefusedNaming(StoreDirectory.DATA_FILE);
    }

    @Test
    void aLockFileThisUserCannotWriteIsNamedToo() throws Exception {
        assertRefusedNaming(StoreDirectory.LOCK_FILE);
    }

    /**
     * The directory of a store another user made: it said only "the directory is not writable",
     * then whose it is, but not what to do, where a file of the store names the chown. The chown
     * is advice for a store no one else uses: a trap alias, which local(8) runs as nobody, was told
     * to give the service's store to nobody, which then refused to start; a pipe(8) transport runs
     * as the store's owner.
     */
    @Test
    void aStoreDirectoryThisUserCannotWriteIsNamedWithItsOwnerAndTheWayOut() throws Exception {
        Path dir = tmp.resolve("store");
        LmdbTokenStore.open(dir, VERSION).close();
        if (ROOT) {
            Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        String owner = Files.getOwner(dir).getName();
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
        try (ChildJvm child = ChildJvm.startUnder(ROOT ? WITHOUT_ROOTS_FILE_ACCESS : List.of(), tmp, List.of(),
                "open", dir.toString(), "" + VERSION)) {
            String line = child.readLine(60);
            assertThat(line).as(child.stderr()).isNotNull()
                    .startsWith("failed java.io.UncheckedIOException: cannot use " + dir + " as an LMDB store directory:"
                            + " the directory is not writable")
                    .contains("(it belongs to " + owner + ", " + mode + ")")
                    .contains(ROOT ? "Run bayard as " + owner + " (for a mail system's pipe, a pipe(8) transport with user=" + owner
                            + "), or, if " + owner + " does not use the store, give it to this user (chown -R root " + dir + ")"
                            : "make it so (chmod u+w " + dir + ")");
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private void assertRefusedNaming(String fileName) throws Exception {
        Path dir = tmp.resolve("store");
        LmdbTokenStore.open(dir, VERSION).close();
        Path file = dir.resolve(fileName);
        if (ROOT) {
            UserPrincipal nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(file, nobody);
        } else {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        }
        String owner = Files.getOwner(file).getName();
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));

        try (ChildJvm child = ChildJvm.startUnder(ROOT ? WITHOUT_ROOTS_FILE_ACCESS : List.of(), tmp, List.of(),
                "open", dir.toString(), "" + VERSION)) {
            String line = child.readLine(60);
            assertThat(line).as(child.stderr()).isNotNull()
                    .startsWith("failed java.io.UncheckedIOException: cannot open LMDB store at " + dir.toRealPath())
                    .contains(ROOT ? fileName + " belongs to " + owner + " (" + mode + ")" : fileName + " is not writable (" + mode + ")")
                    .contains(ROOT ? "Run bayard as " + owner + " (for a mail system's pipe, a pipe(8) transport with user=" + owner
                            + "), or, if " + owner + " does not use the store, give it to this user (chown root " : "chmod u+rw " + file)
                    .doesNotContain("Platform constant");
        }
    }
}
