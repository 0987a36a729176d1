package org.bayard.app.desk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * A message parsed for people to read (the view, the queue's subjects, a check's Message-ID),
 * never failing: mime4j in its permissive mode, with a head of raw Latin-1 recoded so that its
 * accented letters survive. Apart from the view because the queue and the API's check read
 * subjects through it too.
 */
final class LenientParse {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private LenientParse() {}

    /** The message, or only its header when {@code headerOnly}; null when even a permissive parse fails. */
    static Message parse(byte[] raw, boolean headerOnly) {
        try {
            DefaultMessageBuilder b = new DefaultMessageBuilder();
            b.setMimeEntityConfig(MimeConfig.PERMISSIVE);
            b.setDecodeMonitor(DecodeMonitor.SILENT);
            int end = headerEnd(raw);
            if (headerOnly) raw = java.util.Arrays.copyOf(raw, end < 0 ? raw.length : end);
            return b.parseMessage(new ByteArrayInputStream(headAsUtf8(raw, end < 0 ? raw.length : end)));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The message with its head in UTF-8, which is how mime4j reads raw 8-bit header bytes. A head
     * that is not valid UTF-8 is raw Latin-1 (older mailers, much spam): read as UTF-8 its
     * accented letters all became U+FFFD, so it is recoded from windows-1252, as the tokenizer
     * reads unlabelled text.
     */
    static byte[] headAsUtf8(byte[] message, int headLength) {
        ByteBuffer head = ByteBuffer.wrap(message, 0, headLength);
        try {
            StandardCharsets.UTF_8.newDecoder().decode(head);
            return message;
        } catch (CharacterCodingException notUtf8) {
            byte[] recoded = new String(message, 0, headLength, WINDOWS_1252).getBytes(StandardCharsets.UTF_8);
            byte[] out = java.util.Arrays.copyOf(recoded, recoded.length + message.length - headLength);
            System.arraycopy(message, headLength, out, recoded.length, message.length - headLength);
            return out;
        }
    }

    private static int headerEnd(byte[] m) {
        for (int i = 0; i + 1 < m.length; i++) {
            if (m[i] == '\n' && (m[i + 1] == '\n' || (m[i + 1] == '\r' && i + 2 < m.length && m[i + 2] == '\n'))) return i + 1;
        }
        return -1;
    }
}
