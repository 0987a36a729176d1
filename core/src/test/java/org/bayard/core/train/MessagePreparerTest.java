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
}
