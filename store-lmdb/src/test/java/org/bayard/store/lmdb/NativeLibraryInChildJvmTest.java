package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How real processes get the LMDB library, each with a tmp of its own to look at. A process opening
 * a store and killed with SIGKILL, as the OOM killer does: with lmdbjava's own extraction each such
 * death left an {@code lmdbjava-native-library-*.so} in tmp for good (see {@link SharedLmdbLibrary}).
 * A tmp nothing can be written to: one line saying what to set.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativeLibraryInChildJvmTest {
    private static final int VERSION = 4;
    private static final String LMDBJAVA_EXTRACTED = "lmdbjava-native-library-";

    @TempDir
    Path tmp;

    @Test
    void killedProcessesLeaveNoLibraryBehindAndShareOneCopy() throws Exception {
        assertKilledProcessesShareOneCopyIn(NativeDirectory.PREFIX + System.getProperty("user.name"), List.of());
    }

    /**
     * A uid without a passwd entry, as containers run images (OpenShift, Kubernetes' runAsUser):
     * Java then sets {@code user.name} to "?", which {@code -Duser.name=?} stands in for here.
     */
    @Test
    void killedProcessesOfAUidWithoutAPasswdEntryShareOneCopyNamedByTheUid() throws Exception {
        assertKilledProcessesShareOneCopyIn(NativeDirectory.UID_PREFIX + SharedLmdbLibraryTest.uid(tmp),
                List.of("-Duser.name=" + SharedLmdbLibraryTest.NO_PASSWD_ENTRY));
    }

    /** Two children, each killed mid-write, leave only {@code sharedName} in their tmp, holding one copy. */
    private void assertKilledProcessesShareOneCopyIn(String sharedName, List<String> options) throws Exception {
        Path childTmp = Files.createDirectory(tmp.resolve("child-tmp"));
        Path shared = childTmp.resolve(sharedName);
        Object firstCopy = null;
        for (int round = 1; round <= 2; round++) {
            killMidChurn(childTmp, options, round);

            assertThat(namesIn(childTmp)).as("child's tmp after kill -9, round %d", round)
                    .noneMatch(name -> name.startsWith(LMDBJAVA_EXTRACTED))
                    .containsExactly(sharedName);
            List<String> copies = namesIn(shared);
            assertThat(copies).as("round %d", round).hasSize(1);
            assertThat(copies.getFirst()).matches("lmdb-[0-9a-f]{16}\\.so");
            Object copy = fileKey(shared.resolve(copies.getFirst()));
            if (firstCopy == null) {
                firstCopy = copy;
            } else {
                assertThat(copy).as("the second process loaded the first one's copy").isEqualTo(firstCopy);
            }
        }
    }

    @Test
    void aLibraryTheUserChoseIsLoadedAndNothingIsWritten() throws Exception {
        Path library = tmp.resolve("own-lmdb.so");
        try (InputStream bundled = getClass().getClassLoader().getResourceAsStream(
                LmdbLibraryResource.name(System.getProperties()).orElseThrow())) {
            Files.copy(bundled, library);
        }
        Path childTmp = Files.createDirectory(tmp.resolve("child-tmp"));

        killMidChurn(childTmp, List.of("-D" + SharedLmdbLibrary.NATIVE_LIB_PROPERTY + "=" + library), 1);

        assertThat(namesIn(childTmp)).isEmpty();
    }

    @Test
    void aTmpThatCannotHoldTheLibraryFailsTheOpeningWithOneLineSayingWhatToSet() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("not-a-directory"), "x");
        try (ChildJvm child = ChildJvm.start(tmp, List.of("-Djava.io.tmpdir=" + notADirectory),
                "open", tmp.resolve("store").toString(), "" + VERSION)) {
            String first = child.readLine(60);
            String second = child.readLine(60);
            assertThat(child.waitFor(60)).as("child stderr: %s", child.stderr()).isZero();
            for (String line : new String[] {first, second}) {
                assertThat(line).as("child stderr: %s", child.stderr())
                        .startsWith("failed java.io.UncheckedIOException: cannot load the LMDB native library (")
                        .contains("Invalid extraction directory " + notADirectory)
                        .contains("-Djava.io.tmpdir=DIR");
            }
            assertThat(child.stderr()).doesNotContain("ExceptionInInitializerError");
        }
    }

    /** Starts a child churning on a store with {@code childTmp} as its tmp, kills it mid-write. */
    private void killMidChurn(Path childTmp, List<String> options, int seed) throws Exception {
        List<String> jvmOptions = Stream.concat(Stream.of("-Djava.io.tmpdir=" + childTmp), options.stream()).toList();
        try (ChildJvm child = ChildJvm.start(tmp, jvmOptions, "churn", tmp.resolve("store").toString(), "" + VERSION, "" + seed)) {
            assertThat(child.readLine(60)).as("child stderr: %s", child.stderr()).isEqualTo("ready");
            assertThat(child.kill()).as("exit status of SIGKILL").isEqualTo(128 + 9);
        }
    }

    private static List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
