package org.bayard.core.token;

import org.bayard.core.mail.MailLimits;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sample of real mail (every 20th file of the SpamAssassin public corpus, about 300) goes
 * through without an internal error and with body words. Not a timing test.
 */
class CorpusSanityTest {

    private static final List<Path> CANDIDATES = List.of(
            Path.of("../../shared/corpus/spamassassin"),   // from core/ in a worktree under /work
            Path.of("../../../shared/corpus/spamassassin"));

    @Test
    void sampleOfRealMailTokenizesCleanly() throws IOException {
        Path corpus = CANDIDATES.stream().filter(Files::isDirectory).findFirst().orElse(null);
        Assumptions.assumeTrue(corpus != null, "SpamAssassin corpus not present");
        List<Path> sample;
        try (Stream<Path> files = Files.walk(corpus)) {
            List<Path> all = files.filter(Files::isRegularFile)
                    .filter(p -> p.getParent().getFileName().toString().contains("ham")
                            || p.getParent().getFileName().toString().startsWith("spam"))
                    .sorted().toList();
            sample = java.util.stream.IntStream.range(0, all.size()).filter(i -> i % 20 == 0).mapToObj(all::get).toList();
        }
        assertThat(sample).hasSizeGreaterThan(250);
        Tokenizer tokenizer = new Tokenizer(MailLimits.DEFAULT);
        Features f = Features.explaining(MailLimits.DEFAULT.maxTokens());
        int withWords = 0;
        for (Path message : sample) {
            f.clear();
            tokenizer.tokenize(Files.readAllBytes(message), f);
            assertThat(f.names()).as(message.toString())
                    .doesNotContain("anomaly:reader-error", "anomaly:tokenizer-error")
                    .anyMatch(n -> n.startsWith("header:count:"));
            if (f.names().stream().anyMatch(n -> n.startsWith("osb1:"))) {
                withWords++;
            }
        }
        assertThat(withWords).isGreaterThan(sample.size() * 9 / 10);
    }
}
