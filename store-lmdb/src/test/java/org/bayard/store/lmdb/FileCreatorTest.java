package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCreatorTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheUidAndOwnerOfTheFilesThisProcessCreatesAndLeavesNothing() throws IOException {
        Path mine = Files.createDirectory(tmp.resolve("mine"));

        FileCreator creator = FileCreator.probe(tmp);

        assertThat(creator.uid()).isEqualTo(SharedLmdbLibraryTest.uid(mine));
        assertThat(creator.principal()).isEqualTo(Files.getOwner(mine));
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(mine);
        }
    }

    @Test
    void aDirectoryNoFileCanBeCreatedInThrows() {
        assertThatThrownBy(() -> FileCreator.probe(tmp.resolve("missing"))).isInstanceOf(IOException.class);
    }
}
