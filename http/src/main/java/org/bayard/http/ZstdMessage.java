package org.bayard.http;

import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * A message sent compressed with zstd ({@code rspamc -z}: {@code Compression: zstd}), made whole
 * again. Only frames that declare their size are taken (rspamc's do): the message is then made
 * into an array of that size, taken from the budget first, and the decoder, writing into it,
 * keeps no window of its own. A frame that declares more than the limit is refused before any
 * of it is decoded, so that a few bytes cannot ask for gigabytes.
 */
final class ZstdMessage {
    private ZstdMessage() {}

    /**
     * The message {@code compressed} holds, its size taken from {@code budget} first.
     *
     * @throws Stop 413 past {@code limit}, 415 for a frame that does not declare its size, 400 for one that is not zstd or is corrupt
     */
    static byte[] decompress(byte[] compressed, ArrivingBody budget, long limit, String tooLarge) {
        long size;
        try {
            size = ZstdDecompressor.getDecompressedSize(compressed, 0, compressed.length);
        } catch (RuntimeException notZstd) {
            throw new Stop(400, "the body is not zstd (Compression: zstd): " + notZstd.getMessage());
        }
        if (size < 0) {
            throw new Stop(415, "a zstd body must declare its size in its frame header (zstd does unless told --no-content-size)");
        }
        if (size > limit) throw new Stop(413, tooLarge);
        budget.takeMore(size);
        byte[] message = new byte[(int) size];
        int made;
        try {
            made = new ZstdDecompressor().decompress(compressed, 0, compressed.length, message, 0, message.length);
        } catch (RuntimeException corrupt) { // the decoder's words for bytes that are no valid frame, whatever its exception
            throw new Stop(400, "the zstd body is corrupt: " + corrupt.getMessage());
        }
        if (made != size) throw new Stop(400, "the zstd body declares " + size + " bytes and holds " + made);
        return message;
    }
}
