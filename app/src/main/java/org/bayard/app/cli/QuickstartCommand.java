package org.bayard.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.bayard.app.AppContext;
import org.bayard.app.Main;
import org.bayard.app.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The first thing a new user runs: trains a fresh store on the bundled sample, scores the
 * held-out messages, and shows the verdicts with their clues. Uses the same commands a user would.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Train a fresh store on the bundled sample (samples/), score held-out messages, show the verdicts.")
public final class QuickstartCommand implements Callable<Integer> {
    private final AppContext ctx;

    @Option(names = "--samples", paramLabel = "DIR", description = "Sample folder (default: samples/ of the Bayard home).")
    Path samples;

    @Option(names = "--db", paramLabel = "DIR", description = "Store to (re)create (default: .bayard-quickstart/db in the Bayard home):"
            + " a new or empty folder, or one an earlier quickstart made; anything else is left alone and refused.")
    Path db;

    /**
     * What marks a store folder as quickstart's own, so a later run may remove and recreate it. Its
     * --db removed whatever it was given first: a site's store named there, as --db names the store
     * everywhere else, or the current folder, went without a word.
     */
    static final String MARK = ".bayard-quickstart";

    public QuickstartCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Path home = Path.of(System.getProperty("bayard.home", "."));
        Path dir = samples != null ? samples : home.resolve("samples");
        if (!Files.isDirectory(dir.resolve("held-out"))) throw new UserException("no sample found at " + dir + " (expected ham.mbox, spam.mbox, held-out/)");
        Path store = db != null ? db : home.resolve(".bayard-quickstart").resolve("db");
        if (db != null) refuseWhatItDidNotMake(store);
        deleteRecursively(store);
        long start = System.nanoTime();
        ctx.out().println("== training a fresh store at " + store + " on " + dir);
        int rc = Main.run(ctx, "train", "--db", store.toString(), "--ham", dir.resolve("ham.mbox").toString(),
                "--spam", dir.resolve("spam.mbox").toString());
        if (rc != 0) return rc;
        mark(store);
        ctx.out().println();
        ctx.out().println("== scoring held-out messages (never trained)");
        List<String> heldOut = listFiles(dir.resolve("held-out"));
        rc = Main.run(ctx, Stream.concat(Stream.of("score", "--db", store.toString(), "--clues", "3"), heldOut.stream()).toArray(String[]::new));
        if (rc != 0) return rc;
        ctx.out().println();
        ctx.out().printf(Locale.ROOT, "done in %.1fs. Next: ./bayard explain --db %s %s%n",
                (System.nanoTime() - start) / 1e9, store, heldOut.get(heldOut.size() - 1));
        return 0;
    }

    private static List<String> listFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A --db that is there must be an empty folder or one an earlier quickstart marked as its own. */
    private static void refuseWhatItDidNotMake(Path store) {
        if (!Files.exists(store, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(store, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isRegularFile(store.resolve(MARK), java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
            try (Stream<Path> entries = Files.list(store)) {
                if (entries.findAny().isEmpty()) return;
            } catch (IOException e) {
                throw new UserException("cannot read " + store + ": " + e.getMessage() + "; nothing was changed");
            }
        }
        throw new UserException("--db " + store + " is there and was not made by quickstart (it trains a fresh store and"
                + " would remove what is there); nothing was changed: give --db a new or empty folder, or leave --db out");
    }

    private static void mark(Path store) {
        try {
            Files.writeString(store.resolve(MARK), "made by bayard quickstart, which removes and recreates this folder when run again\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark " + store + " as quickstart's: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove old quickstart store " + dir + ": " + e.getMessage(), e);
        }
    }
}
