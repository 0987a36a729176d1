package org.bayard.smtp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * RFC 6531's rule for addresses: one with a char beyond ASCII may only be sent with SMTPUTF8
 * declared on MAIL, and is then UTF-8. Shared by the gate, which checks what clients send, and
 * the quarantine's release, which declares it for held mail.
 */
public final class Smtputf8 {
    private Smtputf8() {}

    public static boolean needed(String address) {
        for (int i = 0; i < address.length(); i++) if (address.charAt(i) >= 0x80) return true;
        return false;
    }

    /**
     * A command argument as text: {@code wire} holds the bytes off the wire one char each (read as
     * Latin-1, so the framer keeps every byte), and they are decoded here as the UTF-8 that
     * SMTPUTF8 sends, so that the filter, the logs and the lists compare real addresses. Empty
     * when the bytes are not UTF-8.
     */
    public static Optional<String> decode(String wire) {
        if (!needed(wire)) return Optional.of(wire);
        try {
            // a fresh decoder reports malformed input instead of replacing it
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(wire.getBytes(StandardCharsets.ISO_8859_1))).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
