package org.bayard.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.StorePlace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Reads every page of the store without LMDB (every value of a Redis store) and says whether it is whole. A store damaged deep
 * in its file (a page a disk zeroed, bytes overwritten) passes the checks made as it opens, and
 * LMDB's native code crashes the JVM when it meets the damage; this reads the file as plain bytes,
 * so it can only ever say what it found.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Read every page of the store, without LMDB, and say whether it is whole; changes nothing.",
                "A Redis store (the configuration's redis section): every token and ledger entry is read and decoded.",
                "Exit 0 when it is whole, 1 (with the first damaged page or garbled value named) when it is not."})
public final class DbCheckCommand implements Callable<Integer> {
    private final AppContext ctx;

    @Mixin
    CommonOptions common;

    public DbCheckCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        org.bayard.app.config.BayardConfig config = common.config(ctx);
        Path db = common.dbPath(ctx, config);
        Engine.requireStore(config, db);
        StorePlace place = StorePlace.of(config, db);
        String read = place.checkWhole();
        ctx.out().println(place.describe() + " is whole: " + read);
        return 0;
    }
}
