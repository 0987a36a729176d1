package org.bayard.core.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.mailbox.MboxReader;
import org.junit.jupiter.api.Test;

/** The hash-only fast path for body words and pairs gives exactly the named path's features. */
class BodyWordsTest {

    private static final Tokenizer TOKENIZER = new Tokenizer(MailLimits.DEFAULT);

    private static long[] hashes(byte[] message, boolean named, int cap) {
        Features f = named ? Features.explaining(cap) : new Features(cap);
        TOKENIZER.tokenize(message, f);
        long[] h = f.hashes();
        Arrays.sort(h);
        return h;
    }

    @Test
    void sampleMailboxesGiveTheSameHashesOnBothPaths() throws IOException {
        int messages = 0;
        for (String name : new String[] {"ham.mbox", "spam.mbox"}) {
            Path mbox = Path.of("..", "samples", name);
            try (InputStream in = Files.newInputStream(mbox); MboxReader reader = MboxReader.mbox(in, name, 64 << 20)) {
                while (reader.hasNext()) {
                    byte[] m = reader.next().bytes();
                    assertArrayEquals(hashes(m, true, MailLimits.DEFAULT.maxTokens()), hashes(m, false, MailLimits.DEFAULT.maxTokens()),
                            "message " + messages);
                    // a small cap: the same features are kept and the overflow marker added
                    assertArrayEquals(hashes(m, true, 50), hashes(m, false, 50), "capped message " + messages);
                    messages++;
                }
            }
        }
        assertEquals(500, messages);
    }

    @Test
    void hiddenTextAndPartsResetPairs() {
        String msg = "Content-Type: text/html\r\n\r\n<p>alpha beta gamma</p><p style=\"display:none\">delta epsilon zeta</p>"
                + "<p>eta theta iota</p>\r\n";
        byte[] m = msg.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertArrayEquals(hashes(m, true, 1000), hashes(m, false, 1000));
        Features named = Features.explaining(1000);
        TOKENIZER.tokenize(m, named);
        assertTrue(named.names().contains("osb1:alpha beta"));
        assertTrue(named.names().contains("osb1:eta theta"));
        assertFalse(named.names().contains("osb1:gamma delta")); // visible into hidden
        assertFalse(named.names().contains("osb1:zeta eta")); // hidden into visible
    }

    /**
     * Random texts (joiners, digits, $, letters of several scripts, links, words longer than the
     * limit, texts of a few hundred chars), a few per message, some hidden, with pairs and without:
     * the hashes-only path gives the named path's features.
     */
    @Test
    void randomTextsGiveTheSameHashesOnBothPaths() {
        Random random = new Random(42);
        for (boolean pairs : new boolean[] {true, false}) {
            for (int message = 0; message < 3_000; message++) {
                String[] texts = new String[1 + random.nextInt(3)];
                boolean[] hidden = new boolean[texts.length];
                for (int k = 0; k < texts.length; k++) {
                    texts[k] = WordSplitterTest.randomText(random);
                    hidden[k] = random.nextInt(5) == 0;
                }
                assertArrayEquals(bodyHashes(texts, hidden, pairs, true), bodyHashes(texts, hidden, pairs, false),
                        () -> String.join(" | ", texts));
            }
        }
    }

    private static long[] bodyHashes(String[] texts, boolean[] hidden, boolean pairs, boolean named) {
        Features f = named ? Features.explaining(100_000) : new Features(100_000);
        BodyWords words = new BodyWords(f, 40, pairs ? new WordPairs(f) : null);
        WordSplitter splitter = new WordSplitter(40, true);
        for (int k = 0; k < texts.length; k++) {
            splitter.startCleaned(texts[k]);
            words.accept(splitter, hidden[k]);
        }
        long[] h = f.hashes();
        Arrays.sort(h);
        return h;
    }
}
