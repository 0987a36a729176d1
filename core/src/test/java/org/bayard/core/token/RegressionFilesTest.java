package org.bayard.core.token;

import org.bayard.core.mail.MailLimits;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every input that once broke the reader or the tokenizer, kept in {@code regressions/} (as
 * bogofilter keeps its evidence vault). Each must tokenize without an internal error; the
 * behaviour each one pinned is asserted in the test named in its file name's comment, if any.
 */
class RegressionFilesTest {

    @TestFactory
    Stream<DynamicTest> inputsThatOnceBrokeSomethingNowTokenize() throws IOException {
        List<Path> inputs;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/regressions"))) {
            inputs = files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        assertThat(inputs).isNotEmpty();
        return inputs.stream().map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> {
            Features f = Features.explaining(MailLimits.DEFAULT.maxTokens());
            new Tokenizer(MailLimits.DEFAULT).tokenize(Files.readAllBytes(input), f);
            assertThat(f.names()).doesNotContain("anomaly:reader-error", "anomaly:tokenizer-error")
                    .contains("parts:depth:0");
        }));
    }
}
