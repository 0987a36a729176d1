package org.bayard.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A real in-memory store that lets {@code okWrites} writes through, then fails every write as a full disk would, before changing anything. */
public final class FailingStore implements TokenStore {
    public final InMemoryTokenStore inner = new InMemoryTokenStore(1);
    private int okWrites;

    public FailingStore(int okWrites) {
        this.okWrites = okWrites;
    }

    @Override
    public ReadView read() {
        return inner.read();
    }

    @Override
    public synchronized <T> T write(WriteAction<T> action) {
        if (okWrites-- <= 0) throw new UncheckedIOException("disk full", new IOException("disk full"));
        return inner.write(action);
    }

    @Override
    public int tokenizerVersion() {
        return inner.tokenizerVersion();
    }

    @Override
    public StoreStats stats() {
        return inner.stats();
    }

    @Override
    public void close() {}
}
