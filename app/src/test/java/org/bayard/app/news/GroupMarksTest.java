package org.bayard.app.news;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupMarksTest {
    @TempDir Path tmp;

    /** The temporary file of comp.lang's mark was comp.lang.new, the mark of the group of that name, which each write removed. */
    @Test
    void aGroupWhoseNameEndsInNewKeepsItsMarkBesideTheGroupBeforeIt() throws Exception {
        GroupMarks marks = new GroupMarks(tmp.resolve("news"));
        marks.write("comp.lang.new", new GroupMarks.Mark("news.example.org:119", 7));
        marks.write("comp.lang", new GroupMarks.Mark("news.example.org:119", 42));
        assertThat(marks.read("comp.lang.new")).contains(new GroupMarks.Mark("news.example.org:119", 7));
        assertThat(marks.read("comp.lang")).contains(new GroupMarks.Mark("news.example.org:119", 42));
        try (var files = Files.list(tmp.resolve("news"))) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly("comp.lang", "comp.lang.new");
        }
    }

    @Test
    void aMarkNoGatewayWroteIsNone() throws Exception {
        GroupMarks marks = new GroupMarks(tmp.resolve("news"));
        assertThat(marks.read("comp.lang")).isEmpty();
        Files.createDirectories(tmp.resolve("news"));
        for (String garbled : new String[] {"", "news.example.org:119", "news.example.org:119 x", "a b c", "\u00ff\u00fe"}) {
            Files.writeString(tmp.resolve("news/comp.lang"), garbled, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(marks.read("comp.lang")).as(garbled).isEqualTo(Optional.empty());
        }
    }
}
