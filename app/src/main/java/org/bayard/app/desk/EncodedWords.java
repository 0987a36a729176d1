package org.bayard.app.desk;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.stream.Field;

/**
 * RFC 2047 decoding of one message's header values for the API and the page, within a budget of
 * encoded-word starts ({@code =?}). mime4j spends some 15 us on each start that begins no valid
 * word, so an 800 KB Subject of them took 10 s to check, list or show. Real mail holds far fewer;
 * past the budget the rest of a value is shown undecoded.
 */
final class EncodedWords {
    /** For one message: a To list of hundreds of encoded names stays inside it. */
    static final int PER_MESSAGE = 2000;

    private int left = PER_MESSAGE;

    /** The value decoded as far as the budget goes, the rest as it is. */
    String decode(String value) {
        if (value == null) return null;
        int cut = spend(value);
        if (cut < 0) return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        return DecoderUtil.decodeEncodedWords(value.substring(0, cut), DecodeMonitor.SILENT) + value.substring(cut);
    }

    /** The message's Subject as mime4j decodes it, or, past the budget, decoded as far as it goes. */
    String subject(Message message) {
        Field field = message.getHeader().getField("Subject");
        if (field == null) return null;
        String body = field.getBody();
        return spend(body) < 0 ? message.getSubject() : decode(body);
    }

    /** Spends the budget on the value's starts: where the first one past it is, or -1 when none is. */
    private int spend(String value) {
        for (int at = value.indexOf("=?"); at >= 0; at = value.indexOf("=?", at + 2)) {
            if (left == 0) return at;
            left--;
        }
        return -1;
    }
}
