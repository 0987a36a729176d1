package org.bayard.bench;

import java.util.List;

/**
 * A yardstick, not a tokenizer: what reading each byte of a message once costs on this machine,
 * doing the least any word-based filter does. It splits the raw bytes on ASCII letters and
 * digits, hashes each word of 3 to 12 chars and its pair with the word before, and counts the
 * distinct hashes in an open-addressed set emptied per message. It decodes nothing (no MIME
 * parts, quoted-printable, base64, charsets or HTML) and reads no header apart, so it does less
 * than Bayard's preparation and less than bogofilter's lexer.
 *
 * <p>Issue 4's target puts a bound on all of classifying a message (preparation and scoring);
 * set beside this loop's time per message, measured in the same JVM on the same messages, it
 * shows how much of that bound the bare reading of the bytes already takes.
 */
final class BareWordLoop {
    private static final int MIN_WORD = 3;
    private static final int MAX_WORD = 12;
    /** Room for any message's distinct words and pairs below half full; more are not counted. */
    private static final int MAX_DISTINCT = 8192;
    private static final boolean[] WORD_BYTE = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) WORD_BYTE[c] = true;
        for (int c = 'A'; c <= 'Z'; c++) WORD_BYTE[c] = true;
        for (int c = 'a'; c <= 'z'; c++) WORD_BYTE[c] = true;
    }

    private final long[] table = new long[2 * MAX_DISTINCT];
    private final int[] used = new int[MAX_DISTINCT];
    private int size;

    /** Runs over every message once; returns the distinct hashes found in all, so the JIT cannot drop the work. */
    long run(List<byte[]> messages) {
        long distinct = 0;
        for (byte[] message : messages) distinct += distinctWords(message);
        return distinct;
    }

    private int distinctWords(byte[] message) {
        long hash = 0, previous = 0;
        int length = 0;
        for (byte b : message) {
            int c = b & 0xFF;
            if (WORD_BYTE[c]) {
                hash = (hash ^ c) * 0xC6A4_A793_5BD1_E995L;
                length++;
            } else if (length > 0) {
                if (length >= MIN_WORD && length <= MAX_WORD && size < MAX_DISTINCT - 1) {
                    add(hash);
                    add(hash * 31 ^ previous);
                }
                previous = hash;
                hash = 0;
                length = 0;
            }
        }
        int found = size;
        for (int i = 0; i < size; i++) table[used[i]] = 0;
        size = 0;
        return found;
    }

    private void add(long hash) {
        long key = hash == 0 ? 1 : hash; // 0 marks an empty slot
        int mask = table.length - 1;
        for (int slot = (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> (64 - Integer.numberOfTrailingZeros(table.length)));
                ; slot = (slot + 1) & mask) {
            long held = table[slot];
            if (held == key) return;
            if (held == 0) {
                table[slot] = key;
                used[size++] = slot;
                return;
            }
        }
    }
}
