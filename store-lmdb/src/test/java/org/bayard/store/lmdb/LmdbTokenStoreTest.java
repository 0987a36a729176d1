package org.bayard.store.lmdb;

import java.nio.file.Path;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.TokenStoreContract;
import org.junit.jupiter.api.io.TempDir;

class LmdbTokenStoreTest extends TokenStoreContract {
    @TempDir
    Path tmp;

    @Override
    protected TokenStore openFresh(int tokenizerVersion) {
        return LmdbTokenStore.open(tmp.resolve("store"), tokenizerVersion);
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    @Override
    protected TokenStore reopen(int tokenizerVersion) {
        return LmdbTokenStore.open(tmp.resolve("store"), tokenizerVersion);
    }
}
