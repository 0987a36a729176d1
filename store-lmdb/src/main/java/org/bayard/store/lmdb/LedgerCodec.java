package org.bayard.store.lmdb;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;

/**
 * The bytes of a ledger entry (the digest is the key, not part of the value):
 *
 * <pre>
 *   u8  record version (1)
 *   u8  class: 0 ham, 1 spam
 *   u8  n, then n ASCII bytes: the source's label (by name, so reordering the enum is safe)
 *   i64 epoch second, i32 nano
 *   i32 m, then m UTF-8 bytes: the Message-ID
 * </pre>
 */
final class LedgerCodec {
    private static final byte VERSION = 1;

    private LedgerCodec() {}

    static ByteBuffer encode(LedgerEntry entry, Buffers buffers) {
        byte[] source = entry.source().label().getBytes(US_ASCII);
        byte[] messageId = entry.messageId().getBytes(UTF_8);
        ByteBuffer b = buffers.record(3 + source.length + 12 + 4 + messageId.length);
        b.put(VERSION).put((byte) (entry.mailClass() == MailClass.HAM ? 0 : 1));
        b.put((byte) source.length).put(source);
        b.putLong(entry.time().getEpochSecond()).putInt(entry.time().getNano());
        b.putInt(messageId.length).put(messageId);
        return b.flip();
    }

    /**
     * Decodes a value read from the map; copies everything out, so the buffer may be reused. A
     * value that is not what {@link #encode} writes is a damaged store, said as such: a garbled
     * length ended an export in a BufferUnderflowException, an internal error with its trace.
     */
    static LedgerEntry decode(Digest digest, ByteBuffer b) {
        try {
            return decodeWhole(digest, b);
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException | java.time.DateTimeException e) {
            throw new DamagedRecordException("its ledger entry " + digest + " is cut short or garbled");
        }
    }

    private static LedgerEntry decodeWhole(Digest digest, ByteBuffer b) {
        b.position(0);
        byte version = b.get();
        if (version != VERSION) throw corrupt(digest, "record version " + version);
        byte classCode = b.get();
        MailClass mailClass = switch (classCode) {
            case 0 -> MailClass.HAM;
            case 1 -> MailClass.SPAM;
            default -> throw corrupt(digest, "class code " + classCode);
        };
        LearnSource source = sourceOf(digest, new String(bytes(b, b.get()), US_ASCII));
        Instant time = Instant.ofEpochSecond(b.getLong(), b.getInt());
        String messageId = new String(bytes(b, b.getInt()), UTF_8);
        return new LedgerEntry(digest, messageId, mailClass, source, time);
    }

    private static byte[] bytes(ByteBuffer b, int length) {
        byte[] out = new byte[length];
        b.get(out);
        return out;
    }

    private static LearnSource sourceOf(Digest digest, String label) {
        return LearnSource.ofLabel(label).orElseThrow(() -> corrupt(digest, "learn source '" + label + "'"));
    }

    private static DamagedRecordException corrupt(Digest digest, String what) {
        return new DamagedRecordException("its ledger entry " + digest + " has an unknown " + what);
    }
}
