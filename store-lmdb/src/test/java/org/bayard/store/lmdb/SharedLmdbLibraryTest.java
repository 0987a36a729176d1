package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The arrangement as one process sees it: its system properties stand in as {@code Properties}. */
class SharedLmdbLibraryTest {
    /** {@code user.name} as Java sets it for a uid without a passwd entry, as containers run. */
    static final String NO_PASSWD_ENTRY = "?";

    @TempDir
    Path tmp;

    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void pointsLmdbjavaAtASharedCopyOfTheBundledLibrary() throws IOException {
        Properties props = processProperties();

        Path copy = SharedLmdbLibrary.arrange(props, loader).orElseThrow();

        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isEqualTo(copy.toString());
        assertThat(copy.getParent()).isEqualTo(tmp.resolve(NativeDirectory.PREFIX + System.getProperty("user.name")));
        assertThat(copy).hasBinaryContent(bundledLibrary());
        assertThat(filesIn(tmp)).as("nothing else in tmp").containsExactly(copy.getParent().getFileName().toString());
    }

    @Test
    void theNextProcessReusesTheCopyWithoutRewritingIt() throws IOException {
        Path first = SharedLmdbLibrary.arrange(processProperties(), loader).orElseThrow();
        FileTime longAgo = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(first, longAgo);
        Object inode = Files.readAttributes(first, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();

        Properties next = processProperties();
        Path second = SharedLmdbLibrary.arrange(next, loader).orElseThrow();

        assertThat(second).isEqualTo(first).hasBinaryContent(bundledLibrary());
        assertThat(next.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isEqualTo(first.toString());
        assertThat(Files.readAttributes(second, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey()).isEqualTo(inode);
        assertThat(Files.getLastModifiedTime(second)).isEqualTo(longAgo);
        assertThat(filesIn(first.getParent())).hasSize(1);
    }

    @Test
    void aLibraryTheUserChoseIsLeftAlone() throws IOException {
        Properties props = processProperties();
        props.setProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY, "/opt/lmdb/liblmdb.so");

        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();

        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isEqualTo("/opt/lmdb/liblmdb.so");
        assertThat(filesIn(tmp)).as("nothing written").isEmpty();
    }

    @Test
    void goesWhereTheUserToldLmdbjavaToExtract() throws IOException {
        Path extractDir = Files.createDirectory(tmp.resolve("exec-allowed"));
        Properties props = processProperties();
        props.setProperty(SharedLmdbLibrary.EXTRACT_DIR_PROPERTY, extractDir.toString());

        Path copy = SharedLmdbLibrary.arrange(props, loader).orElseThrow();

        assertThat(copy.getParent().getParent()).isEqualTo(extractDir);
    }

    @Test
    void aSymbolicLinkPlantedUnderOurNameIsNotFollowedAndLmdbjavaExtractsAsBefore() throws IOException {
        assertPlantedLinkIsNotFollowed(namedDirectory(), processProperties());
    }

    @Test
    void aDirectoryOfAnotherUserUnderOurNameIsNotUsed() throws IOException {
        assertAnotherUsersDirectoryIsNotUsed(namedDirectory(), processProperties());
    }

    @Test
    void aUidWithoutAPasswdEntrySharesACopyInADirectoryNamedByTheUid() throws IOException {
        Path copy = SharedLmdbLibrary.arrange(noPasswdEntryProperties(), loader).orElseThrow();

        assertThat(copy.getParent()).isEqualTo(uidDirectory());
        assertThat(copy).hasBinaryContent(bundledLibrary());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.getParent()))).isEqualTo("rwx------");
        assertThat(filesIn(tmp)).as("nothing else in tmp, no file left from finding the uid")
                .containsExactly(uidDirectory().getFileName().toString());

        Properties next = noPasswdEntryProperties();
        assertThat(SharedLmdbLibrary.arrange(next, loader)).contains(copy);
        assertThat(next.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isEqualTo(copy.toString());
        assertThat(filesIn(copy.getParent())).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-such-user-bayard"})
    void aUserNameTheSystemDoesNotKnowIsTreatedAsNoPasswdEntry(String userName) throws IOException {
        Properties props = processProperties();
        props.setProperty("user.name", userName);

        Path copy = SharedLmdbLibrary.arrange(props, loader).orElseThrow();

        assertThat(copy.getParent()).isEqualTo(uidDirectory());
        assertThat(filesIn(tmp)).containsExactly(uidDirectory().getFileName().toString());
    }

    @Test
    void aSymbolicLinkPlantedUnderTheUidNameIsNotFollowed() throws IOException {
        assertPlantedLinkIsNotFollowed(uidDirectory(), noPasswdEntryProperties());
    }

    @Test
    void aDirectoryOfAnotherUserUnderTheUidNameIsNotUsed() throws IOException {
        assertAnotherUsersDirectoryIsNotUsed(uidDirectory(), noPasswdEntryProperties());
    }

    /** A symbolic link under our directory's name, to a directory we could write to: not followed. */
    private void assertPlantedLinkIsNotFollowed(Path underName, Properties props) throws IOException {
        Path planted = Files.createDirectory(tmp.resolve("someone-elses"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(underName, planted);
        assertFallsBackWithoutWritingIn(planted, props);
    }

    /** A directory under our directory's name that another user owns: not used. */
    private void assertAnotherUsersDirectoryIsNotUsed(Path underName, Properties props) throws IOException {
        Path planted = Files.createDirectory(underName);
        giveAway(planted);
        assertFallsBackWithoutWritingIn(planted, props);
    }

    @Test
    void aDirectoryOthersCanWriteToUnderTheUidNameIsNotUsed() throws IOException {
        Path planted = Files.createDirectory(uidDirectory());
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwx---"));
        assertFallsBackWithoutWritingIn(planted, noPasswdEntryProperties());
    }

    private static void giveAway(Path dir) throws IOException {
        try {
            Files.setOwner(dir, PrivateDirectoryTest.anotherUser());
        } catch (IOException e) {
            Assumptions.abort("only root can give a directory away: " + e);
        }
    }

    /** lmdbjava is left to extract as it always did, and nothing was written into {@code planted}. */
    private void assertFallsBackWithoutWritingIn(Path planted, Properties props) throws IOException {
        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();

        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isNull();
        assertThat(filesIn(planted)).isEmpty();
    }

    @Test
    void anUnusableTmpFallsBackQuietly() throws IOException {
        Properties props = processProperties();
        props.setProperty("java.io.tmpdir", Files.writeString(tmp.resolve("a-file"), "x").toString());
        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();
        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isNull();

        props.setProperty("java.io.tmpdir", tmp.resolve("missing").toString());
        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();
        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isNull();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aReadOnlyTmpFallsBackQuietly(boolean noPasswdEntry) throws IOException {
        Path readOnly = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        // Root writes through permissions (and CI runs as root): then sysfs stands in, where
        // nobody, root included, may create a directory.
        Path tmpdir = Files.isWritable(readOnly) ? Path.of("/sys") : readOnly;
        Properties props = noPasswdEntry ? noPasswdEntryProperties() : processProperties();
        props.setProperty("java.io.tmpdir", tmpdir.toString());

        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();

        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isNull();
        assertThat(filesIn(tmpdir)).noneMatch(name -> name.startsWith(NativeDirectory.PREFIX) || name.startsWith("."));
    }

    @Test
    void noBundledLibraryForThePlatformLeavesLmdbjavaToSaySo() throws IOException {
        Properties props = processProperties();
        props.setProperty("os.arch", "riscv64");
        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();

        props = processProperties();
        props.setProperty(LmdbLibraryResource.EMBEDDED_LIB_PROPERTY, "org/lmdbjava/native/no-such.so");
        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();

        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isNull();
        assertThat(filesIn(tmp)).isEmpty();
    }

    /** This JVM's properties with tmp as java.io.tmpdir and no lmdbjava settings. */
    private Properties processProperties() {
        Properties props = new Properties();
        for (String name : new String[] {"os.arch", "os.name", "user.name"}) {
            props.setProperty(name, System.getProperty(name));
        }
        props.setProperty("java.io.tmpdir", tmp.toString());
        return props;
    }

    /** A process whose uid has no passwd entry, otherwise like this one. */
    private Properties noPasswdEntryProperties() {
        Properties props = processProperties();
        props.setProperty("user.name", NO_PASSWD_ENTRY);
        return props;
    }

    /** {@code bayard-native-USER} for this JVM's user, in tmp. */
    private Path namedDirectory() {
        return tmp.resolve(NativeDirectory.PREFIX + System.getProperty("user.name"));
    }

    /** {@code bayard-native-uid-UID} for this JVM's uid, in tmp. */
    private Path uidDirectory() throws IOException {
        return tmp.resolve(NativeDirectory.UID_PREFIX + uid(tmp));
    }

    /** The uid of {@code path}'s owner; for a directory this JVM made, this JVM's uid. */
    static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private byte[] bundledLibrary() throws IOException {
        String resource = LmdbLibraryResource.name(System.getProperties()).orElseThrow();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    private static java.util.List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
