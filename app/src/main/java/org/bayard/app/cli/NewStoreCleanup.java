package org.bayard.app.cli;

import java.io.File;
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
 *
 * <p>Also run by the halt of a command out of heap (see {@link org.bayard.core.HaltCleanups}), on
 * whichever thread ran out, while the command's own thread may still be writing: so the paths
 * are named beforehand, and once the store took what it was given ({@link #keep}) nothing is
 * removed. The undo and the keep are exclusive: once the undo has begun, {@link #keep} refuses,
 * and the command must then keep nothing more (a restore that went on after its store's files
 * were unlinked committed into them and installed the dump's blocklist beside no store, and said
 * it had imported). So the folder ends as it was, and the command fails, as it says.
 *
 * <p>The undo allocates nothing on the heap: run on the command's own thread out of heap while
 * another thread still filled it, an undo through {@code Files.deleteIfExists} ran out of heap
 * itself and left the new store's files (2 runs in 100 of a restore in a 128 MiB heap).
 */
final class NewStoreCleanup {
    /** What a store's first open makes in its folder. */
    private static final List<String> MADE = List.of("data.mdb", "lock.mdb", Blocklist.FILE + ".lock", Blocklist.FILE + ".tmp");

    private final Path db;
    /** The files and folder as {@link File}s, made beforehand: deleting one allocates nothing on the heap. */
    private final File[] made;
    private final File folder;
    private final boolean newStore;
    private final boolean folderWasThere;
    /** Set under this object's lock, with {@link #undone}: the two exclude each other. */
    private boolean kept;
    private boolean undone;

    private NewStoreCleanup(Path db, boolean newStore, boolean folderWasThere) {
        this.db = db;
        this.made = MADE.stream().map(name -> db.resolve(name).toFile()).toArray(File[]::new);
        this.folder = db.toFile();
        this.newStore = newStore;
        this.folderWasThere = folderWasThere;
    }

    /** Notes, before the store is opened, whether {@code db} holds a store and whether its folder is there. */
    static NewStoreCleanup before(Path db) {
        return new NewStoreCleanup(db, !LmdbTokenStore.holdsStore(db), Files.isDirectory(db));
    }

    /**
     * The store took what the command gave it: from now on {@link #undo} leaves it. False when an
     * undo has begun already: what the store took is gone with its files, and the command must fail.
     */
    synchronized boolean keep() {
        if (undone) return false;
        kept = true;
        return true;
    }

    /** The folder of the store this may take away, for the line that says it did. */
    Path folder() {
        return db;
    }

    /** Removes what the failed command made, if the store is one it made and took nothing; what cannot be removed is left. */
    void undo() {
        synchronized (this) {
            if (!newStore || kept) return;
            undone = true;
        }
        // what cannot be deleted is left as it is: the command's own error is the one to report
        for (int i = 0; i < made.length; i++) made[i].delete();
        if (!folderWasThere) folder.delete(); // a folder that holds anything else is not deleted
    }
}
