package org.bayard.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bayard.core.store.MailClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrecIndexTest {
    @TempDir Path dir;

    @Test
    void pathsAreRelativeToTheIndexFolder() throws Exception {
        Path index = dir.resolve("full/index");
        Files.createDirectories(index.getParent());
        Files.writeString(index, "spam ../data/1\n\n# comment\nham data/2\n");
        List<LabelledMessage> m = TrecIndex.read(index);
        assertThat(m).hasSize(2);
        assertThat(m.get(0).label()).isEqualTo(MailClass.SPAM);
        assertThat(m.get(0).path()).isEqualTo(dir.resolve("data/1").toAbsolutePath());
        assertThat(m.get(0).name()).isEqualTo("../data/1");
        assertThat(m.get(1).path()).isEqualTo(dir.resolve("full/data/2").toAbsolutePath());
    }

    @Test
    void aBadLineIsNamedWithItsNumber() throws Exception {
        Path index = dir.resolve("index");
        Files.writeString(index, "spam a\nmaybe b\n");
        assertThatThrownBy(() -> TrecIndex.read(index)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":2:").hasMessageContaining("maybe");
    }

    @Test
    void aByteOrderMarkBeforeTheFirstLabelIsSkipped() throws Exception {
        Path index = dir.resolve("index");
        Files.writeString(index, "\uFEFFham a\r\nspam b\r\n");
        List<LabelledMessage> m = TrecIndex.read(index);
        assertThat(m).extracting(LabelledMessage::label).containsExactly(MailClass.HAM, MailClass.SPAM);
        assertThat(m.get(0).name()).isEqualTo("a");
    }
}
