package org.bayard.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bayard.core.store.MailClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreFileTest {
    @TempDir Path dir;

    @Test
    void whatIsWrittenReadsBack() throws IOException {
        StringWriter w = new StringWriter();
        ScoreFile.write(List.of(new ScoredMessage(new LabelledMessage(MailClass.SPAM, "spam/1", dir.resolve("spam/1")), 0.987),
                new ScoredMessage(new LabelledMessage(MailClass.HAM, "ham/a b", dir.resolve("ham/a b")), 1.5e-7)), w);
        Path file = Files.writeString(dir.resolve("s.tsv"), w.toString());
        assertThat(ScoreFile.read(file)).containsExactly(new ScoreFile.Entry(MailClass.SPAM, 0.987, "spam/1"),
                new ScoreFile.Entry(MailClass.HAM, 1.5e-7, "ham/a b"));
    }

    @Test
    void scoresOnOtherScalesAreAccepted() throws IOException {
        Path file = Files.writeString(dir.resolve("sa.tsv"), "# spamassassin points\nspam\t12.5\tx\nham\t-3\ty\n");
        assertThat(ScoreFile.scores(ScoreFile.read(file))).containsExactly(12.5, -3);
    }

    @Test
    void aByteOrderMarkAtTheStartIsNotPartOfTheFirstLabel() throws IOException {
        Path file = Files.writeString(dir.resolve("bom.tsv"), "\uFEFFspam\t0.9\tx\nham\t0.1\ty\n");
        assertThat(ScoreFile.read(file)).extracting(ScoreFile.Entry::label).containsExactly(MailClass.SPAM, MailClass.HAM);
    }

    @Test
    void infinityAsOtherLanguagesWriteItIsRead() throws IOException {
        Path file = Files.writeString(dir.resolve("inf.tsv"), "spam\tinf\ta\nham\t-inf\tb\nspam\t+Inf\tc\nham\t-Infinity\td\nspam\tINFINITY\te\n");
        assertThat(ScoreFile.scores(ScoreFile.read(file))).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "spam\tinfinite\ta\n");
        assertThatThrownBy(() -> ScoreFile.read(bad)).hasMessageContaining("'infinite' is not a number");
    }

    /**
     * A converter in awk ({@code print $1, $2, $3}) or a shell's echo separates with spaces: such a
     * line, with no tab at all, is read as label, score and the rest as the name, instead of being
     * refused at its first line.
     */
    @Test
    void aLineSeparatedBySpacesIsReadAsOneSeparatedByTabs() throws IOException {
        Path file = Files.writeString(dir.resolve("awk.txt"), "spam 0.99 spam/00071.4b7e\nham   0.1  ham/a b\nham\t0.2\tham/c d\n");
        assertThat(ScoreFile.read(file)).containsExactly(new ScoreFile.Entry(MailClass.SPAM, 0.99, "spam/00071.4b7e"),
                new ScoreFile.Entry(MailClass.HAM, 0.1, "ham/a b"), new ScoreFile.Entry(MailClass.HAM, 0.2, "ham/c d"));
        Path one = Files.writeString(dir.resolve("one.txt"), "spam0.99\n");
        assertThatThrownBy(() -> ScoreFile.read(one)).hasMessage(one + ":1: expected label<TAB>score<TAB>path");
    }

    @Test
    void aBadLineIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.tsv"), "spam\t0.5\tx\nham\tmaybe\ty\n");
        assertThatThrownBy(() -> ScoreFile.read(file)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.tsv:2");
    }

    @Test
    void aScoreThatIsNotANumberIsSaidToBeOne() throws IOException {
        // Java's words came through: "For input string: \"maybe\"", "empty String", "NaN".
        for (String score : List.of("maybe", "", "NaN")) {
            Path file = Files.writeString(dir.resolve("bad.tsv"), "spam\t0.5\tx\nham\t" + score + "\ty\n");
            assertThatThrownBy(() -> ScoreFile.read(file)).hasMessage(file + ":2: the score '" + score
                    + "' is not a number (expected label<TAB>score<TAB>path)");
        }
    }
}
