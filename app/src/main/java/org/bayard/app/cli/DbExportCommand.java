package org.bayard.app.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bayard.app.AppContext;
import org.bayard.app.StopsWithItsReader;
import org.bayard.app.Engine;
import org.bayard.app.StandardOutput;
import org.bayard.app.UserException;
import org.bayard.app.gate.Blocklist;
import org.bayard.core.IoProblem;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.dump.BlockedSender;
import org.bayard.core.store.dump.DumpWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the whole store (totals, every token's counts, the ledger) and its sender blocklist to a "
                + "portable, "
                + "checksummed dump (gzip-compressed text, format: docs/dump-format.md).",
                "The dump is one consistent moment of the store, even while others learn. FILE is replaced "
                        + "only when the dump is complete; - writes to standard output."})
public final class DbExportCommand extends StoreCommand implements StopsWithItsReader {
    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the dump, or - for standard output.")
    String file;

    public DbExportCommand(AppContext ctx) {
        super(ctx, StoreUse.READ);
    }

    /**
     * As gzip does, no compressed data to a terminal: the dump was written there as binary, whose
     * bytes the terminal took for escape sequences, and nothing of it could be kept.
     */
    @Override
    protected void checkOptions() {
        if (file.equals("-") && ctx.interactive()) {
            throw new UserException("not writing the compressed dump to a terminal; redirect it to a file or a pipe"
                    + " (bayard db export - > backup.dump.gz), or name the file (bayard db export backup.dump.gz)");
        }
        // said before the whole store is read (checkBeforeOpening), not after
        if (!file.equals("-")) OutputFile.tryCreating(Path.of(file));
    }

    /**
     * Reads every page of the store before the dump is begun (see LmdbTokenStore.check): LMDB
     * meeting a damaged page midway crashed the JVM, which left the dump's temporary file behind
     * and ended without a word on the store. The export reads the whole store anyway; this read
     * comes from the page cache it fills (about a second per GiB).
     */
    @Override
    protected void checkBeforeOpening(org.bayard.app.config.BayardConfig config, Path db) {
        org.bayard.app.StorePlace.of(config, db).guardAgainstCrashingDamage();
    }

    @Override
    protected int run(Engine engine) throws IOException {
        DumpWriter.Summary s;
        PrintStream report;
        if (file.equals("-")) {
            s = export(engine, ctx.out());
            // its reader went away (| head): quiet, as a tool ended by SIGPIPE, and not 0, as the dump is incomplete
            if (StandardOutput.readerWentAway(ctx.out())) return StandardOutput.EXIT_READER_GONE;
            if (ctx.out().checkError()) {
                throw new UserException("cannot write the dump to standard output (closed, full, or its reader went away);"
                        + " it is incomplete");
            }
            report = ctx.err(); // standard output carries the dump
        } else {
            try (OutputFile out = OutputFile.create(Path.of(file))) {
                try {
                    s = export(engine, out.stream());
                } catch (IOException e) {
                    // a nightly backup's mail said only "no space left on device": which file, and that none was made
                    throw new UserException("cannot write " + file + ": " + IoProblem.reason(e) + "; no dump was written", e);
                }
                out.commit();
                report = out.direct() ? ctx.err() : ctx.out();
            }
        }
        report.println("export: " + s.tokens() + " tokens, " + s.ledgerEntries() + " ledger entries, " + s.blocklistEntries()
                + " blocklist entries, messages ham "
                + s.totals().ham() + " spam " + s.totals().spam() + " -> " + (file.equals("-") ? "standard output" : file));
        return 0;
    }

    /**
     * The blocklist is a file beside the store, read just before the store's view: the two are
     * not one moment, but an entry the gate adds meanwhile is one rejection later, never a count.
     */
    private DumpWriter.Summary export(Engine engine, OutputStream out) throws IOException {
        Path db = common.dbPath(ctx, engine.config()); // the blocklist is kept in the store's folder
        List<BlockedSender> blocked = new ArrayList<>();
        try {
            for (Blocklist.Entry e : Blocklist.in(db, ctx.clock()).entries()) blocked.add(new BlockedSender(e.client(), e.sender(), e.expires()));
        } catch (IOException e) {
            throw new UserException("cannot read the sender blocklist " + db.resolve(Blocklist.FILE) + ": " + IoProblem.reason(e)
                    + "; nothing was exported");
        }
        try (ReadView view = engine.store().read()) {
            return DumpWriter.write(view, engine.store().tokenizerVersion(), ctx.clock().instant(), blocked, out);
        }
    }
}
