package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentAddressedCopyTest {
    private static final byte[] LIBRARY = "pretend this is a shared library".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;
    PrivateDirectory dir;

    @BeforeEach
    void claim() throws IOException {
        dir = PrivateDirectory.claim(tmp.resolve("native"), PrivateDirectoryTest.me());
    }

    @Test
    void theCopyIsNamedByItsContentAndReadOnly() throws IOException {
        Path copy = ContentAddressedCopy.of(LIBRARY, "lmdb", ".so", dir);
        assertThat(copy.getParent()).isEqualTo(dir.path());
        assertThat(copy.getFileName().toString()).matches("lmdb-[0-9a-f]{16}\\.so");
        assertThat(copy).hasBinaryContent(LIBRARY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("r-x------");
        assertThat(filesIn(dir.path())).containsExactly(copy.getFileName().toString());
    }

    @Test
    void theHashIsCrc32ThenCrc32c() {
        assertThat(ContentAddressedCopy.hash("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo("cbf43926e3069283");
    }

    @Test
    void aSecondCallReusesTheCopyWithoutRewritingIt() throws IOException {
        Path first = ContentAddressedCopy.of(LIBRARY, "lmdb", ".so", dir);
        FileTime longAgo = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(first, longAgo);
        Object inode = fileKey(first);

        Path second = ContentAddressedCopy.of(LIBRARY, "lmdb", ".so", dir);

        assertThat(second).isEqualTo(first);
        assertThat(second).hasBinaryContent(LIBRARY);
        assertThat(fileKey(second)).as("the same file, not a new one renamed over it").isEqualTo(inode);
        assertThat(Files.getLastModifiedTime(second)).as("not written again").isEqualTo(longAgo);
        assertThat(filesIn(dir.path())).hasSize(1);
    }

    @Test
    void otherBytesGetAFileOfTheirOwn() throws IOException {
        Path first = ContentAddressedCopy.of(LIBRARY, "lmdb", ".so", dir);
        byte[] other = LIBRARY.clone();
        other[0] ^= 1;
        Path second = ContentAddressedCopy.of(other, "lmdb", ".so", dir);
        assertThat(second).isNotEqualTo(first).hasBinaryContent(other);
        assertThat(first).hasBinaryContent(LIBRARY);
    }

    @Test
    void aCopyThatNoLongerMatchesItsNameIsReplaced() throws IOException {
        Path copy = ContentAddressedCopy.of(LIBRARY, "lmdb", ".so", dir);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        Files.write(copy, new byte[LIBRARY.length]); // same size, other bytes
        assertThat(ContentAddressedCopy.of(LIBRARY, "lmdb", ".so", dir)).isEqualTo(copy).hasBinaryContent(LIBRARY);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        Files.write(copy, new byte[3]); // cut short
        assertThat(ContentAddressedCopy.of(LIBRARY, "lmdb", ".so", dir)).isEqualTo(copy).hasBinaryContent(LIBRARY);
    }

    @Test
    void aSymbolicLinkUnderTheCopysNameIsReplacedNotFollowed() throws IOException {
        Path copy = ContentAddressedCopy.of(LIBRARY, "lmdb", ".so", dir);
        Path elsewhere = Files.write(tmp.resolve("elsewhere.so"), LIBRARY);
        Files.delete(copy);
        Files.createSymbolicLink(copy, elsewhere);
        assertThat(ContentAddressedCopy.of(LIBRARY, "lmdb", ".so", dir)).isEqualTo(copy).hasBinaryContent(LIBRARY);
        assertThat(Files.isSymbolicLink(copy)).isFalse();
    }

    @Test
    void writersStartingTogetherAllGetTheOneWholeCopy() throws Exception {
        int writers = 8;
        byte[] big = new byte[400_000];
        new java.util.Random(7).nextBytes(big);
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Callable<Path>> tasks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            tasks.add(() -> {
                start.await();
                return ContentAddressedCopy.of(big, "lmdb", ".so", dir);
            });
        }
        Set<Path> copies = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (Future<Path> copy : pool.invokeAll(tasks)) {
                copies.add(copy.get());
            }
        }
        assertThat(copies).hasSize(1);
        assertThat(copies.iterator().next()).hasBinaryContent(big);
        assertThat(filesIn(dir.path())).as("no temporary file left").hasSize(1);
    }

    @Test
    void aPartialFileLeftByAKilledWriterIsDeletedByTheNextWriterOnceItIsOld() throws IOException {
        Path abandoned = Files.write(dir.path().resolve(".lmdb-0123.so.42" + ContentAddressedCopy.PARTIAL_SUFFIX), new byte[10]);
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(ContentAddressedCopy.ABANDONED_AFTER).minusSeconds(60)));
        Path inProgress = Files.write(dir.path().resolve(".lmdb-4567.so.43" + ContentAddressedCopy.PARTIAL_SUFFIX), new byte[10]);

        Path copy = ContentAddressedCopy.of(LIBRARY, "lmdb", ".so", dir);

        assertThat(filesIn(dir.path())).containsExactlyInAnyOrder(copy.getFileName().toString(), inProgress.getFileName().toString());
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
