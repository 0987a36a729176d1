package org.bayard.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.StorePlace;
import org.bayard.app.UserException;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.HaltCleanups;
import picocli.CommandLine.Mixin;

/** A command that works on the store: resolves configuration and store, runs, closes. */
abstract class StoreCommand implements Callable<Integer> {
    /** What a command does with the store, which decides how it is opened. */
    enum StoreUse {
        /** Adds to it: opened for writing, and made when it does not exist yet. */
        LEARN,
        /**
         * Changes what it already holds (takes messages out): opened for writing, and a store
         * that does not exist is an error: at a mistyped --db a new empty store said "not
         * learned", and the message stayed in the real one.
         */
        CHANGE,
        /**
         * Only reads it: opened read-only, creating and changing nothing, so that it works on a
         * store this user may read but not write; a store that does not exist is an error, not
         * a new empty one that scores every message 0.5.
         */
        READ
    }

    protected final AppContext ctx;
    private final StoreUse use;

    @Mixin
    CommonOptions common;

    StoreCommand(AppContext ctx) {
        this(ctx, StoreUse.LEARN);
    }

    StoreCommand(AppContext ctx, StoreUse use) {
        this.ctx = ctx;
        this.use = use;
    }

    @Override
    public final Integer call() throws Exception {
        checkOptions();
        BayardConfig config = common.config(ctx);
        Path db = common.dbPath(ctx, config);
        StoreUse use = storeUse(config, db);
        if (use != StoreUse.LEARN) Engine.requireStore(config, db);
        checkBeforeOpening(config, db);
        // a Redis store is not made by opening it, so there is nothing to take away
        boolean embedded = StorePlace.of(config, db) instanceof StorePlace.Lmdb;
        newStore = embedded && use == StoreUse.LEARN && takesNewStoreAwayOnFailure() ? NewStoreCleanup.before(db) : null;
        // out of heap on another thread, the JVM halts without the catch below: the halt takes it away then
        try (HaltCleanups.Registration onHalt = newStore == null ? () -> {} : HaltCleanups.add(newStore::undo)) {
            try {
                return opened(config, db, use);
            } catch (Throwable e) {
                // still registered while it runs: out of heap here, a halt by another thread out of heap too
                // cut this undo short after the registration had gone, and left the new store
                if (newStore != null) newStore.undo();
                throw e;
            }
        }
    }

    /** The store a command that fills it in one transaction made, taken away when it fails before that; or null. */
    private NewStoreCleanup newStore;

    /**
     * Whether a store this command makes where there was none is taken away again when the command
     * fails before {@link #keepNewStore}: for a command that puts all it learns in at once, at its
     * end, whose failure would otherwise leave a new, empty store for the service to start on.
     */
    protected boolean takesNewStoreAwayOnFailure() {
        return false;
    }

    /**
     * The store took what this command learned: a failure after this leaves it (see {@link
     * #takesNewStoreAwayOnFailure}). Unless the halt's undo (out of heap on another thread) began
     * first and took the store's files away under the commit: then the command fails, rather than
     * say what a store that is gone now holds.
     */
    protected final void keepNewStore() {
        if (newStore != null && !newStore.keep()) {
            throw new UserException("out of memory: the new store at " + newStore.folder()
                    + " was taken away again, and what this command learned with it; nothing was kept");
        }
    }

    private int opened(BayardConfig config, Path db, StoreUse use) throws Exception {
        try (Engine engine = use == StoreUse.READ ? Engine.openForReading(config, db, ctx) : Engine.open(config, db, ctx)) {
            return run(engine);
        } catch (java.io.UncheckedIOException e) {
            throw e; // the store's own failures name it already
        } catch (RuntimeException e) {
            // LMDB finding damage under a read view's cursor: said with the store it is in
            throw org.bayard.store.lmdb.LmdbTokenStore.damageReport(e, db).<RuntimeException>map(m -> new UserException(m, e)).orElse(e);
        } catch (InternalError e) {
            // The JVM's word for SIGBUS while it read mapped memory: a value whose size reaches past
            // the end of data.mdb (or a file cut short meanwhile). It ended in "Exception in thread main".
            if (!String.valueOf(e.getMessage()).contains("unsafe memory access")) throw e;
            throw new UserException("LMDB store at " + db + " is damaged: a value read from its data.mdb reaches past the"
                    + " file's end (or the file was cut short meanwhile). Restore it from a dump ('bayard db import' into an"
                    + " empty --db) or a whole copy; 'bayard db check' names the damaged page", e);
        }
    }

    /**
     * How this run uses the store in {@code db}; the command's own, unless the options decide
     * (see {@link QuarantineCommand}).
     */
    protected StoreUse storeUse(BayardConfig config, Path db) {
        return use;
    }

    /**
     * Refuses option values out of range before the configuration is read or the store opened
     * (and so perhaps created at a mistyped --db): a usage error naming the option (see
     * {@link OptionRange}); a UserException for inputs that cannot be read.
     */
    protected void checkOptions() {}

    /**
     * Refuses, with a UserException, what this command needs besides the store and cannot find,
     * before the store is opened (and so perhaps created).
     */
    protected void checkBeforeOpening(BayardConfig config, Path db) {}

    protected abstract int run(Engine engine) throws Exception;
}
