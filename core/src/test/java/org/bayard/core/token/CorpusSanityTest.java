package org.bayard.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.mailbox.RawMessage;
import org.junit.jupiter.api.Test;

/**
 * Real mail goes through without an internal error and with body words: the 500 messages of the
 * SpamAssassin public corpus bundled in {@code samples/} (always in the repository, so this never
 * depends on where a corpus happens to be). Not a timing test.
 */
class CorpusSanityTest {

    @Test
    void realMailTokenizesCleanly() {
        List<RawMessage> sample = new ArrayList<>();
        try (MailInputs in = new MailInputs(List.of("../samples/ham.mbox", "../samples/spam.mbox"), InputStream.nullInputStream())) {
            in.forEachRemaining(sample::add);
        }
        assertThat(sample).hasSize(500);
        Tokenizer tokenizer = new Tokenizer(MailLimits.DEFAULT);
        Features f = Features.explaining(MailLimits.DEFAULT.maxTokens());
        int withWords = 0;
        for (RawMessage message : sample) {
            f.clear();
            tokenizer.tokenize(message.bytes(), f);
            assertThat(f.names()).as(message.origin())
                    .doesNotContain("anomaly:reader-error", "anomaly:tokenizer-error")
                    .anyMatch(n -> n.startsWith("header:count:"));
            if (f.names().stream().anyMatch(n -> n.startsWith("osb1:"))) {
                withWords++;
            }
        }
        assertThat(withWords).isGreaterThan(sample.size() * 9 / 10);
    }
}
