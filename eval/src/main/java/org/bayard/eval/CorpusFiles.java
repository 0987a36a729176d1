package org.bayard.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/** Reads a corpus message's bytes; a missing or unreadable file is the user's to fix, so the message names it. */
final class CorpusFiles {
    private CorpusFiles() {}

    /**
     * The message's first {@code maxScanBytes} bytes and one more: the filter looks at no more
     * (the byte past them only tells it the message was longer), so its features are those of
     * the whole file. The whole file was read before: one over 2 GiB fits in no array, and a run
     * of large ones filled the heap. Only the content digest, which tells duplicates apart in
     * tte, covers the read part alone.
     */
    static byte[] read(LabelledMessage m, long maxScanBytes) {
        int max = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(0, maxScanBytes)); // the largest array the JVM allows, less a margin
        try (InputStream in = Files.newInputStream(m.path())) {
            return in.readNBytes(max + 1);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("cannot read " + m.path() + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + m.path() + ": " + e.getMessage(), e);
        }
    }
}
