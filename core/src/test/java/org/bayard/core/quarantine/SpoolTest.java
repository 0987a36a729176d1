package org.bayard.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir Path dir;

    @Test
    void heldItemsAreListedReadAndRemoved() throws IOException {
        Spool s = Spool.open(dir);
        s.hold("B.2", new ByteArrayInputStream("msg".getBytes()), "{}".getBytes());
        s.hold("A.1", new ByteArrayInputStream("m1".getBytes()), "{\"a\":1}".getBytes());
        assertThat(s.ids()).containsExactly("A.1", "B.2");
        assertThat(Files.readString(s.message("B.2"))).isEqualTo("msg");
        assertThat(new String(s.sidecar("A.1"))).isEqualTo("{\"a\":1}");
        s.remove("A.1");
        assertThat(s.ids()).containsExactly("B.2");
    }

    /**
     * The gate's ids are its start time in base 36 and a counter: read as text, .10 came before .2,
     * and `quarantine list` showed the tenth message of a run before the second.
     */
    @Test
    void idsAreListedInTheOrderTheGateGaveThem() throws IOException {
        Spool s = Spool.open(dir);
        for (String id : List.of("MWTQB3A7.10", "MWTQB3A7.2", "MWTQB3B0.1", "MWTQB3A7.1", "MWTQB3A7.9")) {
            s.hold(id, new ByteArrayInputStream("m".getBytes()), "{}".getBytes());
        }
        assertThat(s.ids()).containsExactly("MWTQB3A7.1", "MWTQB3A7.2", "MWTQB3A7.9", "MWTQB3A7.10", "MWTQB3B0.1");
    }

    @Test
    void heldMailIsReadableByItsOwnerOnly() throws IOException {
        Spool s = Spool.open(dir);
        s.hold("P.1", new ByteArrayInputStream("private".getBytes()), "{}".getBytes());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.message("P.1"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("P.1.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aFailedWriteLeavesNoItemAndNoLeftovers() throws IOException {
        Spool s = Spool.open(dir);
        InputStream failing = new InputStream() {
            int n;
            @Override
            public int read() throws IOException {
                if (n++ > 10) throw new IOException("disk on fire");
                return 'x';
            }
        };
        assertThatThrownBy(() -> s.hold("C.3", failing, "{}".getBytes())).isInstanceOf(IOException.class);
        assertThat(s.ids()).isEmpty();
        try (var t = Files.list(dir.resolve("tmp"))) {
            assertThat(t).isEmpty();
        }
    }

    @Test
    void recoveringCleansCrashLeftovers() throws IOException {
        Spool.open(dir);
        Files.writeString(dir.resolve("tmp/X.eml"), "partial");
        Files.writeString(dir.resolve("Y.json"), "{}");
        Spool s = Spool.recover(dir);
        assertThat(s.ids()).isEmpty();
        assertThat(dir.resolve("tmp/X.eml")).doesNotExist();
        assertThat(dir.resolve("Y.json")).doesNotExist();
    }

    /** The gate's state between its two renames, and a message still arriving: a reader leaves both alone. */
    @Test
    void openingToReadLeavesTheWritersFilesAlone() throws IOException {
        Spool.open(dir);
        Files.writeString(dir.resolve("tmp/X.eml"), "being renamed");
        Files.writeString(dir.resolve("X.json"), "{}");
        Files.writeString(dir.resolve("tmp/msg-1.spill"), "arriving");
        Spool s = Spool.open(dir);
        assertThat(s.ids()).isEmpty();
        assertThat(dir.resolve("tmp/X.eml")).exists();
        assertThat(dir.resolve("X.json")).exists();
        assertThat(dir.resolve("tmp/msg-1.spill")).exists();
    }

    @Test
    void idsCannotEscapeTheSpool() {
        assertThat(Spool.validId("../etc/passwd")).isFalse();
        assertThat(Spool.validId("MK3.12")).isTrue();
    }

    /**
     * A release's note that it is sending an item goes with the item, whoever removes it (a release
     * the next hop took, a discard, expire), and a note a crash left without its item goes at the
     * next recovery: it must not refuse a later item that happens to get the same id.
     */
    @Test
    void aSendingNoteGoesWithItsItem() throws IOException {
        Spool s = Spool.open(dir);
        s.hold("A.1", new ByteArrayInputStream("m1".getBytes()), "{}".getBytes());
        assertThat(s.sending("A.1")).isEmpty();
        s.markSending("A.1", "by root via test; now\n".getBytes());
        assertThat(s.sending("A.1")).contains("by root via test; now");
        assertThat(s.ids()).containsExactly("A.1");
        s.clearSending("A.1");
        assertThat(s.sending("A.1")).isEmpty();

        s.markSending("A.1", "again".getBytes());
        s.remove("A.1");
        assertThat(s.sending("A.1")).isEmpty();

        Files.writeString(dir.resolve("B.2.sending"), "left by a crash");
        Spool.recover(dir);
        assertThat(dir.resolve("B.2.sending")).doesNotExist();
    }
}
