package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void aUserWithANameKeepsTheDirectoryNamedAfterIt() throws IOException {
        NativeDirectory dir = NativeDirectory.of(properties(System.getProperty("user.name")));

        assertThat(dir.path()).isEqualTo(tmp.resolve("bayard-native-" + System.getProperty("user.name")));
        assertThat(dir.owner()).isEqualTo(PrivateDirectoryTest.me());
        assertThat(namesIn(tmp)).as("nothing created").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {SharedLmdbLibraryTest.NO_PASSWD_ENTRY, "", "no-such-user-bayard"})
    void aUidWithoutAPasswdEntryGetsTheDirectoryNamedByTheUid(String userName) throws IOException {
        NativeDirectory dir = NativeDirectory.of(properties(userName));

        assertThat(dir.path()).isEqualTo(tmp.resolve("bayard-native-uid-" + SharedLmdbLibraryTest.uid(tmp)));
        assertThat(dir.owner()).isEqualTo(Files.getOwner(tmp));
        assertThat(namesIn(tmp)).as("nothing created, nothing left").isEmpty();
    }

    @Test
    void withoutUserNameAtAllTheUidNamesTheDirectory() throws IOException {
        Properties props = properties("");
        props.remove("user.name");

        assertThat(NativeDirectory.of(props).path()).isEqualTo(tmp.resolve("bayard-native-uid-" + SharedLmdbLibraryTest.uid(tmp)));
    }

    @Test
    void theUidIsFoundInLmdbjavasExtractionDirectory() throws IOException {
        Path extractDir = Files.createDirectory(tmp.resolve("exec-allowed"));
        Properties props = properties(SharedLmdbLibraryTest.NO_PASSWD_ENTRY);
        props.setProperty(SharedLmdbLibrary.EXTRACT_DIR_PROPERTY, extractDir.toString());
        props.setProperty("java.io.tmpdir", tmp.resolve("missing").toString());

        assertThat(NativeDirectory.of(props).path().getParent()).isEqualTo(extractDir);
        assertThat(namesIn(extractDir)).isEmpty();
    }

    @Test
    void aUidThatCannotBeFoundThrows() {
        Properties props = properties(SharedLmdbLibraryTest.NO_PASSWD_ENTRY);
        props.setProperty("java.io.tmpdir", tmp.resolve("missing").toString());

        assertThatThrownBy(() -> NativeDirectory.of(props)).isInstanceOf(IOException.class);
    }

    private Properties properties(String userName) {
        Properties props = new Properties();
        props.setProperty("user.name", userName);
        props.setProperty("java.io.tmpdir", tmp.toString());
        return props;
    }

    private static java.util.List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
