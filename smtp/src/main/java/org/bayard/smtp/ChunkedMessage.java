package org.bayard.smtp;

/**
 * A message arriving by BDAT, chunk after chunk over several commands: its envelope, when its first
 * chunk came, the buffer the chunks fill and their framer. The session holds it from the first
 * chunk to the last, and closes it whichever way the transaction ends (RSET, a new EHLO, the
 * client gone), which gives its buffer, and any file it spilled to, back.
 */
record ChunkedMessage(Envelope envelope, long start, SpillBuffer buffer, ChunkDecoder decoder) implements AutoCloseable {
    @Override
    public void close() throws java.io.IOException {
        buffer.close();
    }
}
