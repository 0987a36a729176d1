package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingDirectoryIsCreatedOwnerOnly() throws IOException {
        Path path = tmp.resolve("private");
        PrivateDirectory dir = PrivateDirectory.claim(path, me());
        assertThat(dir.path()).isEqualTo(path);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rwx------");
        assertThat(Files.getOwner(path)).isEqualTo(me());
    }

    @Test
    void anExistingPrivateDirectoryIsUsedAsItIs() throws IOException {
        Path path = tmp.resolve("private");
        PrivateDirectory.claim(path, me());
        Files.writeString(path.resolve("kept"), "x");
        assertThat(PrivateDirectory.claim(path, me()).path()).isEqualTo(path);
        assertThat(path.resolve("kept")).hasContent("x");
    }

    @Test
    void aSymbolicLinkInItsPlaceIsRefusedEvenToADirectoryOfOurs() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(tmp.resolve("private"), target);
        assertThatThrownBy(() -> PrivateDirectory.claim(link, me())).isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
    }

    @Test
    void aFileInItsPlaceIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("private"), "x");
        assertThatThrownBy(() -> PrivateDirectory.claim(file, me())).isInstanceOf(IOException.class);
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws IOException {
        Path path = tmp.resolve("private");
        PrivateDirectory.claim(path, me());
        UserPrincipal other = anotherUser();
        assertThatThrownBy(() -> PrivateDirectory.claim(path, other)).isInstanceOf(IOException.class).hasMessageContaining("belongs to");
    }

    @Test
    void aDirectoryReallyOwnedByAnotherUserIsRefused() throws IOException {
        Path path = tmp.resolve("private");
        PrivateDirectory.claim(path, me());
        UserPrincipal other = anotherUser();
        try {
            Files.setOwner(path, other);
        } catch (IOException e) {
            Assumptions.abort("only root can give a directory away: " + e);
        }
        assertThatThrownBy(() -> PrivateDirectory.claim(path, me())).isInstanceOf(IOException.class).hasMessageContaining("belongs to");
    }

    @Test
    void aDirectoryOthersCanWriteToIsRefused() throws IOException {
        Path path = tmp.resolve("private");
        PrivateDirectory.claim(path, me());
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PrivateDirectory.claim(path, me())).isInstanceOf(IOException.class).hasMessageContaining("written by others");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx-w----"));
        assertThatThrownBy(() -> PrivateDirectory.claim(path, me())).isInstanceOf(IOException.class);
    }

    static UserPrincipal me() throws IOException {
        return lookup().lookupPrincipalByName(System.getProperty("user.name"));
    }

    /** A user of this system other than the one running the tests. */
    static UserPrincipal anotherUser() throws IOException {
        for (String name : List.of("nobody", "daemon", "root")) {
            try {
                UserPrincipal user = lookup().lookupPrincipalByName(name);
                if (!user.equals(me())) {
                    return user;
                }
            } catch (IOException e) {
                // not on this system
            }
        }
        Assumptions.abort("no other user on this system");
        return null;
    }

    private static UserPrincipalLookupService lookup() {
        return FileSystems.getDefault().getUserPrincipalLookupService();
    }
}
