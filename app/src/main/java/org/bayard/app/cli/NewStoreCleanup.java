package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bayard.app.gate.Blocklist;
import org.bayard.store.lmdb.LmdbTokenStore;

/**
 * The files a command made for a store where there was none, taken away again when it failed
 * before the store took anything. A restore onto a disk too small for the dump left a new, empty
 * store in the folder it was to restore, and the service started there on it, holding every
 * message as unsure; with nothing left there it refuses to start ("no store at").
 */
final class NewStoreCleanup {
    /** What a store's first open makes in its folder. */
    private static final List<String> MADE = List.of("data.mdb", "lock.mdb", Blocklist.FILE + ".lock", Blocklist.FILE + ".tmp");

    private final Path db;
    private final boolean newStore;
    private final boolean folderWasThere;

    private NewStoreCleanup(Path db, boolean newStore, boolean folderWasThere) {
        this.db = db;
        this.newStore = newStore;
        this.folderWasThere = folderWasThere;
    }

    /** Notes, before the store is opened, whether {@code db} holds a store and whether its folder is there. */
    static NewStoreCleanup before(Path db) {
        return new NewStoreCleanup(db, !LmdbTokenStore.holdsStore(db), Files.isDirectory(db));
    }

    /** Removes what the failed command made, if the store is one it made; what cannot be removed is left. */
    void undo() {
        if (!newStore) return;
        try {
            for (String name : MADE) Files.deleteIfExists(db.resolve(name));
            if (!folderWasThere && isEmpty(db)) Files.deleteIfExists(db);
        } catch (IOException e) {
            // left as it is: the command's own error is the one to report
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
