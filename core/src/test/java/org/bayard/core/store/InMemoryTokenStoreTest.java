package org.bayard.core.store;

class InMemoryTokenStoreTest extends SnapshotViewContract {

    @Override
    protected TokenStore openFresh(int tokenizerVersion) {
        return new InMemoryTokenStore(tokenizerVersion);
    }

    @Override
    protected boolean persistent() {
        return false;
    }
}
