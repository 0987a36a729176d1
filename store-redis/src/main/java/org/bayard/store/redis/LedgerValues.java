package org.bayard.store.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.DateTimeException;
import java.time.Instant;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;

/**
 * A ledger entry as the value of its digest's field: {@code class source epoch-second nano
 * message-id}, in words a person reading {@code redis-cli hgetall} understands. The Message-ID
 * comes last and may be empty.
 */
final class LedgerValues {
    private LedgerValues() {}

    static byte[] encode(LedgerEntry e) {
        return (e.mailClass().label() + ' ' + e.source().label() + ' ' + e.time().getEpochSecond() + ' '
                + e.time().getNano() + ' ' + e.messageId()).getBytes(UTF_8);
    }

    /** @throws GarbledValueException when the value is not one {@link #encode} writes */
    static LedgerEntry decode(Digest digest, byte[] value) {
        String[] words = new String(value, UTF_8).split(" ", 5);
        if (words.length < 5) throw garbled(digest, "it has " + words.length + " words, not 5");
        try {
            return new LedgerEntry(digest, words[4], MailClass.parse(words[0]),
                    LearnSource.ofLabel(words[1]).orElseThrow(() -> new IllegalArgumentException("not a learn source: '" + words[1] + "'")),
                    Instant.ofEpochSecond(Long.parseLong(words[2]), Integer.parseInt(words[3])));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw garbled(digest, e.getMessage());
        }
    }

    private static GarbledValueException garbled(Digest digest, String why) {
        return new GarbledValueException("its ledger entry " + digest + " is garbled: " + why);
    }
}
