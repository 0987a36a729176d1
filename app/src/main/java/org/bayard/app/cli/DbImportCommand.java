package org.bayard.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.core.HaltCleanups;
import org.bayard.core.IoProblem;
import org.bayard.app.UserException;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.gate.Blocklist;
import org.bayard.core.store.dump.BlockedSender;
import org.bayard.core.store.IncompatibleStoreException;
import org.bayard.core.store.dump.BadDumpException;
import org.bayard.core.store.dump.Dump;
import org.bayard.core.store.dump.DumpImporter;
import org.bayard.core.store.dump.DumpReader;
import org.bayard.core.store.dump.OverlapException;
import org.bayard.core.token.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Add a dump written by 'bayard db export' to the store, and its sender blocklist to the store's"
                + " (a pair listed on both sides keeps the later expiry; - reads standard input).",
                "The whole dump is read and verified (format, order, record counts, checksum, tokenizer version) "
                        + "before anything is written: a damaged or truncated dump, or one with bytes after its gzip data, is refused and the store is left as it was.",
                "Into an empty store: the exported state, exactly. Into a non-empty store: a merge. Token counts and "
                        + "message totals add up; ledger entries are added. A message already in this store's ledger "
                        + "(an overlap) cannot be subtracted from the dump's summed counts, so by default the import is "
                        + "refused; with --allow-overlap the store's ledger entry is kept and the counts are added anyway "
                        + "(those messages then count twice), with a warning.",
                "The dump is written in one store transaction, and the blocklist is replaced only once it is committed: "
                        + "an import that fails (a full disk), or is stopped by kill -9 or a power cut, leaves the store and "
                        + "its blocklist as they were. Ctrl-C or SIGTERM waits for the import to finish."})
public final class DbImportCommand implements Callable<Integer> {
    private final AppContext ctx;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "FILE", description = "The dump to import, or - for standard input.")
    String file;

    @Option(names = "--allow-overlap",
            description = "Import even when some messages are already in the store's ledger; they count twice.")
    boolean allowOverlap;

    @Option(names = "--accept-totals",
            description = "Import even when a token counts more messages of a class than the dump's totals (a sign of "
                    + "totals edited by hand, refused by default; a store that forgot messages through copies with other "
                    + "Received lines can export a few such counts).")
    boolean acceptTotals;

    public DbImportCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Reads and verifies the dump before the store is even opened, so a bad file leaves no trace,
     * not even a new empty store, and the store is not held open while a large dump is read.
     */
    @Override
    public Integer call() {
        BayardConfig config = common.config(ctx);
        Dump dump = read(Tokenizer.VERSION);
        if (dump.countsOverTotals().isPresent() && !acceptTotals) {
            throw new UserException("cannot import " + file + ": " + dump.countsOverTotals().get()
                    + " (--accept-totals imports it as it is; see --help)");
        }
        Path db = common.dbPath(ctx, config);
        made = NewStoreCleanup.before(db);
        // out of heap on another thread, the JVM halts without the catch below: the halt undoes it then
        try (HaltCleanups.Registration onHalt = HaltCleanups.add(made::undo)) {
            try (Engine engine = Engine.open(config, db, ctx)) {
                return run(engine, db, dump);
            } catch (RuntimeException | Error e) {
                // one transaction: a failed import took nothing, and an empty store left behind would be served as
                // restored; out of heap on this thread too (an Error), which Main reports after this
                made.undo();
                throw e;
            }
        }
    }

    /**
     * The store this import may make, undone unless it is {@link NewStoreCleanup#keep kept} once
     * the store committed the dump; only the blocklist's rename can fail after that.
     */
    private NewStoreCleanup made;

    private int run(Engine engine, Path db, Dump dump) {
        DumpImporter.Result r;
        try (FinishFirst finishing = new FinishFirst()) {
            r = importAll(engine, db, dump);
        } catch (OverlapException e) {
            int all = dump.ledger().size();
            if (e.overlaps().size() == all) { // the store the dump came from, or one it was restored into
                String restore = engine.store() instanceof org.bayard.store.redis.RedisTokenStore
                        ? "import under a new redis.prefix, then point the nodes' configuration at it"
                        : "import into an empty folder (db import --db NEW), then swap the folders with the service stopped (README: Restore)";
                throw new UserException("cannot import " + file + ": this store already holds all " + all + " messages of the dump,"
                        + " so nothing was imported: to restore it, " + restore + "; --allow-overlap would count all " + all + " twice");
            }
            throw new UserException("cannot import " + file + ": " + e.getMessage()
                    + " (--allow-overlap imports anyway; see --help)");
        }
        if (!r.overlaps().isEmpty()) {
            long conflicting = r.overlaps().stream().filter(o -> !o.sameClass()).count();
            ctx.err().println("bayard: warning: " + r.overlaps().size() + " messages of the dump were already in the "
                    + "ledger (" + conflicting + " as the other class): kept the store's entries, added their counts again");
        }
        ctx.out().println("import: " + r.tokens() + " tokens, " + r.ledgerAdded() + " ledger entries added"
                + (r.overlaps().isEmpty() ? "" : ", " + r.overlaps().size() + " overlapping") + ", "
                + dump.blocklist().size() + " blocklist entries, messages ham "
                + r.totals().ham() + " spam " + r.totals().spam() + " <- " + (file.equals("-") ? "standard input" : file)
                + (r.transactions() == 1 ? "" : " (" + r.transactions() + " transactions)"));
        return 0;
    }

    /**
     * The store's part in its transaction, and the blocklist beside it as one change with it (see
     * {@link Blocklist#addAllWith}): a refused or failed import leaves both as they were. A dump
     * without a blocklist (format 1, or a store that listed nobody) leaves the file alone.
     */
    private DumpImporter.Result importAll(Engine engine, Path db, Dump dump) {
        DumpImporter importer = new DumpImporter(engine.store());
        if (dump.blocklist().isEmpty()) {
            DumpImporter.Result r = importer.importDump(dump, allowOverlap);
            keptOrUndone(db);
            return r;
        }
        List<Blocklist.Entry> entries = new ArrayList<>();
        for (BlockedSender b : dump.blocklist()) entries.add(new Blocklist.Entry(b.client(), b.sender(), b.expires()));
        boolean[] committed = {false};
        try {
            return Blocklist.in(db, ctx.clock(), waiting -> ctx.err().println("bayard: " + waiting)).addAllWith(entries, () -> {
                DumpImporter.Result r = importer.importDump(dump, allowOverlap);
                keptOrUndone(db); // before the blocklist goes in: an undone import installs nothing beside no store
                committed[0] = true;
                return r;
            });
        } catch (IOException e) {
            // only the rename after the commit can fail this late: say so rather than "nothing"
            throw new UserException("cannot write the sender blocklist " + db.resolve(Blocklist.FILE) + ": " + IoProblem.reason(e)
                    + (committed[0] ? "; the store took the dump, but its " + entries.size() + " blocklist entries were not added"
                            : "; nothing was imported"), e);
        }
    }

    /**
     * The store committed the dump: kept from now on, unless the halt's undo (out of heap on
     * another thread) began first and took the store's files away under the commit.
     */
    private void keptOrUndone(Path db) {
        if (!made.keep()) {
            throw new UserException("cannot import " + file + ": out of memory, the new store at " + db
                    + " was taken away again; nothing was imported");
        }
    }

    /**
     * Holds a shutdown (Ctrl-C, SIGTERM) until the import is done, so that a command told to stop
     * says what became of the store: the import finished. (It is one transaction, so stopped
     * otherwise, by kill -9 or a power cut, it leaves the store as it was.) The JVM runs shutdown
     * hooks to the end, and the import's threads keep running meanwhile, so waiting here lets it
     * finish.
     */
    private final class FinishFirst implements AutoCloseable {
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread hook = new Thread(this::hold, "bayard-import-finish");

        FinishFirst() {
            Runtime.getRuntime().addShutdownHook(hook);
        }

        private void hold() {
            ctx.err().println("bayard: interrupted: finishing the import first");
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the import is done
            }
        }
    }

    private Dump read(int tokenizerVersion) {
        try {
            if (file.equals("-")) return DumpReader.read(ctx.in(), tokenizerVersion); // stdin stays open
            // opened, a folder read as a stream failed with "not a Bayard dump: Is a directory"
            if (Files.isDirectory(Path.of(file))) throw new UserException("cannot read " + file + ": it is a directory");
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                return DumpReader.read(in, tokenizerVersion);
            }
        } catch (BadDumpException | IncompatibleStoreException e) {
            throw new UserException("cannot import " + file + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UserException("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + IoProblem.reason(e), e);
        }
    }
}
