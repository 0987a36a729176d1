package org.bayard.core.token;

import org.bayard.core.mail.MailLimits;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each {@code golden/*.eml} against its expected features, {@code *.features} next to it (one
 * name per line, sorted). A missing expected file is written from the current output: review
 * it, then commit it. A deliberate change of features means deleting the file to rewrite it,
 * and bumping {@link Tokenizer#VERSION} if what a feature name means changed (see there).
 */
class GoldenFilesTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");

    @TestFactory
    Stream<DynamicTest> goldenMessagesGiveTheirExpectedFeatures() throws IOException {
        List<Path> messages;
        try (Stream<Path> files = Files.list(GOLDEN)) {
            messages = files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        assertThat(messages).isNotEmpty();
        return messages.stream().map(eml -> DynamicTest.dynamicTest(eml.getFileName().toString(), () -> check(eml)));
    }

    private static void check(Path eml) {
        try {
            Features f = Features.explaining(MailLimits.DEFAULT.maxTokens());
            new Tokenizer(MailLimits.DEFAULT).tokenize(Files.readAllBytes(eml), f);
            List<String> actual = f.names();
            Path expected = eml.resolveSibling(eml.getFileName().toString().replaceFirst("\\.eml$", ".features"));
            if (!Files.exists(expected)) {
                Files.write(expected, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(actual).as(eml.toString()).containsExactlyElementsOf(Files.readAllLines(expected, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
