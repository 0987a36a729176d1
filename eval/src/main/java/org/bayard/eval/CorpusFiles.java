package org.bayard.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/** Reads a corpus message's bytes; a missing or unreadable file is the user's to fix, so the message names it. */
final class CorpusFiles {
    private CorpusFiles() {}

    static byte[] read(LabelledMessage m) {
        try {
            return Files.readAllBytes(m.path());
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("cannot read " + m.path() + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + m.path() + ": " + e.getMessage(), e);
        }
    }
}
