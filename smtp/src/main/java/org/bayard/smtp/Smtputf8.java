package org.bayard.smtp;

/**
 * RFC 6531's rule for addresses: one with a char beyond ASCII (a UTF-8 address, read as Latin-1
 * off the wire) may only be sent with SMTPUTF8 declared on MAIL. Shared by the gate, which checks
 * what clients send, and the quarantine's release, which declares it for held mail.
 */
public final class Smtputf8 {
    private Smtputf8() {}

    public static boolean needed(String address) {
        for (int i = 0; i < address.length(); i++) if (address.charAt(i) >= 0x80) return true;
        return false;
    }
}
