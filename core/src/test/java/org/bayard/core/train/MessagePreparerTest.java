package org.bayard.core.train;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import org.bayard.core.mail.MailLimits;
import org.bayard.core.token.Tokenizer;
import org.junit.jupiter.api.Test;

class MessagePreparerTest {
    private final MessagePreparer preparer = new MessagePreparer(new Tokenizer(MailLimits.DEFAULT), MailLimits.DEFAULT);
    private final byte[] message = ("Message-ID: <a@b.example>\nSubject: cheap pills\n\nBuy cheap pills now\n").getBytes(US_ASCII);

    @Test
    void preparedMessageCarriesTheLedgerIdentity() {
        PreparedMessage p = preparer.prepare(message, false);
        assertThat(p.identity()).isEqualTo(ContentDigest.identify(message));
        assertThat(p.identity().messageId()).isEqualTo("<a@b.example>");
    }

    @Test
    void tokensForScoringAreThePreparedOnes() {
        assertThat(preparer.tokens(message, false).tokens()).containsExactly(preparer.prepare(message, false).tokens());
        assertThat(preparer.tokens(message, false).names()).isNull();
    }

    @Test
    void tokensKeepNamesWhenAsked() {
        MessageTokens t = preparer.tokens(message, true);
        assertThat(t.names()).isNotNull();
        assertThat(t.tokens()).isNotEmpty();
        for (long h : t.tokens()) assertThat(t.names().apply(h)).isNotBlank();
    }

    /** The scoring set is reused per thread: nothing of one message may stay for the next. */
    @Test
    void consecutiveMessagesShareNoFeatures() {
        byte[] other = "Subject: meeting\n\nThe agenda for tomorrow\n".getBytes(US_ASCII);
        long[] alone = new MessagePreparer(new Tokenizer(MailLimits.DEFAULT), MailLimits.DEFAULT).tokens(other, false).tokens();
        long[] first = preparer.tokens(message, false).tokens();
        long[] second = preparer.tokens(other, false).tokens();
        assertThat(second).containsExactly(alone);
        assertThat(preparer.tokens(message, false).tokens()).containsExactly(first);
    }

    /**
     * The reused set and buffers give up what a large message grew (a body text of 600,000 chars
     * with as many features as are kept) after it: the message's features are all there, and the
     * next message's are those it has alone.
     */
    @Test
    void aLargeMessageLeavesNothingForTheNext() {
        StringBuilder large = new StringBuilder("Subject: many words\n\n");
        for (int i = 0; large.length() < 600_000; i++) large.append("word").append(i).append(i % 12 == 11 ? '\n' : ' ');
        byte[] big = large.toString().getBytes(US_ASCII);
        MessagePreparer fresh = new MessagePreparer(new Tokenizer(MailLimits.DEFAULT), MailLimits.DEFAULT);
        long[] bigAlone = fresh.tokens(big, false).tokens();
        long[] alone = fresh.tokens(message, false).tokens();
        assertThat(bigAlone).hasSize(MailLimits.DEFAULT.maxTokens() + 1); // the cap and its overflow marker

        assertThat(preparer.tokens(message, false).tokens()).containsExactly(alone);
        assertThat(preparer.prepare(big, false).tokens()).containsExactly(bigAlone);
        assertThat(preparer.tokens(message, false).tokens()).containsExactly(alone);
        assertThat(preparer.tokens(big, true).tokens()).containsExactlyInAnyOrder(bigAlone);
        assertThat(preparer.prepare(message, false).tokens()).containsExactly(alone);
    }
}
