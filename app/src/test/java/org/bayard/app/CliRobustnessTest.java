package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A postmaster's mistakes on the command line, one per test: each gets exit 1 (or the pipe
 * mode's own code) and one line on stderr that names the thing and what is wrong, never a Java
 * exception's name or trace, and nothing half-written. Found by a sweep of every command against
 * missing, unwritable, wrong-kind and damaged inputs and outputs.
 */
class CliRobustnessTest {
    private static final Path HAM = Path.of("../samples/held-out/ham-1.eml");
    private static final Path SPAM = Path.of("../samples/held-out/spam-1.eml");

    @TempDir Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("db"));
    }

    private Cli trained() {
        assertThat(cli.run("learn", "--ham", HAM.toString()).exitCode()).isZero();
        assertThat(cli.run("learn", "--spam", SPAM.toString()).exitCode()).isZero();
        return cli;
    }

    /**
     * An argument beginning with @ is a path like any other, not a file of arguments to read
     * (picocli's default): a message named "@x" beside a file x could not be named, and x's words
     * became options and paths.
     */
    @Test
    void anArgumentBeginningWithAnAtSignIsAPathNotAFileOfArguments() throws Exception {
        Path words = Files.writeString(dir.resolve("x"), "--bogus " + SPAM + "\n");
        Cli.Result r = cli.run("learn", "--spam", "@" + words);
        refusedInOneLine(r, "@" + words);
        assertThat(r.err()).doesNotContain("--bogus");
    }

    /** One line on stderr, exit 1, no Java in it. */
    private static void refusedInOneLine(Cli.Result r, String... contains) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard").hasLineCount(1).doesNotContain("Exception").doesNotContain("java.")
                .contains(contains);
    }

    /**
     * The third kind of failure: neither the user's nor the environment's but ours. It must not
     * pass for a user mistake (exit 1, one line): it says it is a bug, shows its trace for the
     * report and exits 70 (EX_SOFTWARE), which a script can tell apart.
     */
    @Test
    void anUnexpectedFailureIsReportedAsABugWithItsTraceAndExit70() {
        InputStream faulty = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("injected fault");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw new IllegalStateException("injected fault");
            }
        };
        Cli.Result r = cli.runWithInput(faulty, "db", "import", "-");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_BUG).isEqualTo(70);
        assertThat(r.err()).startsWith("bayard: internal error (a bug")
                .contains("java.lang.IllegalStateException: injected fault").contains("\tat ");
    }

    // Outputs: replaced only when complete, and never a device or pipe replaced by a file.

    /** Renaming a finished dump over /dev/stdout or a named pipe replaced the device with a file (as root, /dev/null). */
    @Test
    void exportToANamedPipeWritesThroughItAndLeavesThePipe() throws Exception {
        trained();
        Path fifo = dir.resolve("fifo");
        assertThat(Commands.run("mkfifo", fifo.toString()).exit()).isZero();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Cli.Result r = cli.run("db", "export", fifo.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        byte[] dump = read.get(30, TimeUnit.SECONDS);
        assertThat(Files.isRegularFile(fifo)).as("still a pipe").isFalse();
        assertThat(Files.exists(fifo)).isTrue();
        Cli.Result imported = new Cli(dir.resolve("db2")).runWithInput(dump, "db", "import", "-");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(r.out()).as("the report is not mixed into the stream").isEmpty();
        assertThat(r.err()).contains("export:");
    }

    @Test
    void exportThroughASymbolicLinkReplacesItsTargetAndKeepsTheLink() throws IOException {
        trained();
        Path target = Files.writeString(dir.resolve("backup.gz"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("latest.gz"), target.getFileName());
        assertThat(cli.run("db", "export", link.toString()).exitCode()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.size(target)).isGreaterThan(3);
    }

    /** 'db export DB/data.mdb' renamed the dump over the live store file: the store was gone. */
    @Test
    void noOutputReplacesAFileOfTheStore() {
        trained();
        Path data = dir.resolve("db/data.mdb");
        refusedInOneLine(cli.run("db", "export", data.toString()), "cannot write " + data + ": it is a file of the store in");
        refusedInOneLine(cli.run("mbox", "collect", "-o", dir.resolve("db/lock.mdb").toString(), HAM.toString()),
                "it is a file of the store");
        refusedInOneLine(cli.run("mbox", "collect", "--append", "-o", data.toString(), HAM.toString()), "it is a file of the store");
        quarantineExists();
        refusedInOneLine(cli.run("quarantine", "export", "--mbox", data.toString()), "it is a file of the store");
        assertThat(cli.run("db", "stats").exitCode()).isZero();
    }

    /** The quarantine beside the store, as bayard serve makes it, for the quarantine commands. */
    private void quarantineExists() {
        try {
            Files.createDirectories(dir.resolve("db-quarantine"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void outputsInAMissingFolderOrOnAFolderAreRefusedBeforeAnyWork() throws IOException {
        trained();
        Files.createDirectory(dir.resolve("folder"));
        refusedInOneLine(cli.run("db", "export", dir.resolve("folder").toString()), "folder: it is a directory");
        refusedInOneLine(cli.run("mbox", "collect", "-o", dir.resolve("nowhere/u.mbox").toString(), HAM.toString()),
                "no such directory: " + dir.resolve("nowhere"));
        assertThat(dir.resolve("nowhere")).doesNotExist();
        refusedInOneLine(cli.run("mbox", "collect", "--append", "-o", dir.resolve("folder").toString(), HAM.toString()),
                "is a directory");
        quarantineExists();
        refusedInOneLine(cli.run("quarantine", "export", "--mbox", dir.resolve("nowhere/q.mbox").toString()),
                "cannot write " + dir.resolve("nowhere/q.mbox") + ": no such directory: " + dir.resolve("nowhere"));
        refusedInOneLine(cli.run("mbox", "split", "-o", dir.resolve("out").toString(), dir.resolve("folder").toString()),
                "it is a directory, not an mbox");
    }

    /** eval wrote --scores and --report after the whole run, so a bad path cost the run (and a trace). */
    @Test
    void evalChecksWhereItsResultsGoBeforeItRuns() throws IOException {
        Path index = Files.writeString(dir.resolve("index"), "ham " + HAM.toAbsolutePath() + "\nspam " + SPAM.toAbsolutePath() + "\n");
        Cli.Result scores = cli.run("eval", "--index", index.toString(), "--scores", dir.resolve("nowhere/s.tsv").toString());
        refusedInOneLine(scores, "cannot write " + dir.resolve("nowhere/s.tsv"));
        assertThat(scores.out()).isEmpty();
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Cli.Result report = cli.run("eval", "--index", index.toString(), "--report", file.toString());
        refusedInOneLine(report, "cannot write a report to " + file + ": it is a file");
        assertThat(report.out()).isEmpty();
        refusedInOneLine(cli.run("eval", "--index", dir.toString()), "cannot read index " + dir + ": it is a directory");
        refusedInOneLine(cli.run("eval", "--index", Files.writeString(dir.resolve("empty-index"), "").toString()),
                "lists no messages");
        refusedInOneLine(cli.run("eval", "--index", Files.write(dir.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}).toString()),
                "not UTF-8 text");
    }

    /** eval plot's score files: a folder or a binary file was 'bayard: is a directory' / 'bayard: not UTF-8 text'. */
    @Test
    void evalPlotNamesTheScoreFileItCannotRead() throws IOException {
        Path binary = Files.write(dir.resolve("scores.tsv"), new byte[] {(byte) 0xff, (byte) 0xfe, '\t', '1'});
        refusedInOneLine(cli.run("eval", "plot", "--scores", binary.toString(), "-o", dir.resolve("plot").toString()),
                "cannot read score file " + binary + ": not UTF-8 text");
        refusedInOneLine(cli.run("eval", "plot", "--scores", dir.toString(), "-o", dir.resolve("plot").toString()),
                "cannot read score file " + dir + ": it is a directory");
    }

    /** A newline or a terminal escape in a file name split the error in two lines, or drove the terminal. */
    @Test
    void controlCharactersInANameDoNotBreakTheOneLineError() {
        Path odd = dir.resolve("no\nsuch\u001b[31m.eml");
        Cli.Result r = cli.run("learn", "--spam", odd.toString());
        refusedInOneLine(r, "no\\u000asuch\\u001b[31m.eml: no such file");
        assertThat(cli.run("score", odd.toString()).err()).doesNotContain("\u001b").hasLineCount(1);
    }

    // Standard output that cannot be written: exit 0 used to say a lost dump or message was fine.

    @Test
    void aDumpToAFullStandardOutputFails() {
        trained();
        Cli.Result r = cli.runWithBrokenOutput(new byte[0], "db", "export", "-");
        refusedInOneLine(r, "cannot write the dump to standard output");
        refusedInOneLine(cli.runWithBrokenOutput(new byte[0], "score", HAM.toString()), "cannot write to standard output");
        refusedInOneLine(cli.runWithBrokenOutput(new byte[0], "mbox", "collect", "-o", "-", HAM.toString()),
                "cannot write the mbox to standard output");
    }

    /** The MTA must not take the message as delivered when the filter could not write it back. */
    @Test
    void filterWhoseOutputFailsTempfails() throws IOException {
        trained();
        byte[] message = Files.readAllBytes(HAM);
        Cli.Result r = cli.runWithBrokenOutput(message, "filter");
        assertThat(r.exitCode()).isEqualTo(75);
        assertThat(r.err()).contains("cannot write the message to standard output");
        assertThat(cli.runWithBrokenOutput(message, "filter", "--exit-code").exitCode()).isEqualTo(3);
    }

    /**
     * Pipe mode read all of stdin into memory: a message larger than the heap ended in "out of
     * memory", exit 1 and nothing written, so the mail was lost. It is now streamed through
     * whole, in a JVM whose heap is a third of the message.
     */
    @Test
    void filterPassesAMessageLargerThanTheHeapThroughWhole() throws Exception {
        Process child = ChildJvm.bayard(List.of("-Xmx24m"), "filter", "--db", dir.resolve("db").toString())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        long size = 64L << 20;
        CompletableFuture<byte[]> sent = CompletableFuture.supplyAsync(() -> {
            try (java.io.OutputStream in = child.getOutputStream()) {
                return writeLargeMessage(in, size);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        java.security.MessageDigest received = java.security.MessageDigest.getInstance("SHA-256");
        long length = 0;
        try (InputStream out = child.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = out.read(buffer)) > 0; length += n) received.update(buffer, 0, n);
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertThat(child.exitValue()).as(err).isZero();
        assertThat(err).contains("message passed unscored: it is larger than limits.max-scan-bytes (2097152 bytes)");
        assertThat(length).isEqualTo(size);
        assertThat(received.digest()).isEqualTo(sent.get(60, TimeUnit.SECONDS));
    }

    /**
     * Pipe mode caught only exceptions: running out of heap while scoring (a scan limit raised
     * past what the heap holds) ended in exit 1 and nothing written, which Postfix's pipe(8)
     * bounces. The message now goes out unchanged with the tempfail code, as for any failure.
     */
    @Test
    void filterOutOfMemoryPassesTheMessageUnchangedWithTheTempfailCode() throws Exception {
        trained();
        Path config = Files.writeString(dir.resolve("large-scan.yaml"), "limits:\n  max-scan-bytes: 67108864\n");
        // about 9 MB: since preparing threads give back what a long text grew, a 3 MB message
        // scores in this heap; up to about 14 MB the heap runs out scoring, not reading stdin
        Path message = dir.resolve("9mb.eml");
        try (java.io.OutputStream out = Files.newOutputStream(message)) {
            out.write("From: a@example.com\nSubject: many words\nMessage-ID: <m@example.com>\n\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 550_000; i++) out.write(("w" + i + " x" + (i * 7) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        for (String flag : List.of("", "--exit-code")) {
            List<String> args = new ArrayList<>(List.of("filter", "--db", dir.resolve("db").toString(), "--config", config.toString()));
            if (!flag.isEmpty()) args.add(flag);
            Commands.Ran child = Commands.runPiped(ChildJvm.bayard(List.of("-Xmx32m"),
                    args.toArray(String[]::new)).redirectInput(message.toFile()).redirectError(dir.resolve("stderr.txt").toFile()), 60);
            byte[] out = child.out();
            assertThat(child.timedOut()).isFalse();
            String err = Files.readString(dir.resolve("stderr.txt"));
            assertThat(child.exit()).as(err).isEqualTo(flag.isEmpty() ? 75 : 3);
            assertThat(err).contains("message passed unfiltered").contains("out of memory").hasLineCount(1);
            assertThat(out).isEqualTo(Files.readAllBytes(message));
        }
    }

    /** Writes a message of exactly {@code size} bytes; returns its SHA-256. */
    private static byte[] writeLargeMessage(java.io.OutputStream out, long size) throws IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        byte[] header = "From: a@example.com\nSubject: a large attachment\n\n".getBytes(StandardCharsets.US_ASCII);
        out.write(header);
        digest.update(header);
        byte[] line = new byte[77];
        java.util.Random random = new java.util.Random(5);
        for (long written = header.length; written < size; written += line.length) {
            for (int i = 0; i < 76; i++) line[i] = (byte) ('A' + random.nextInt(26));
            line[76] = '\n';
            int n = (int) Math.min(line.length, size - written);
            out.write(line, 0, n);
            digest.update(line, 0, n);
        }
        return digest.digest();
    }

    // The store: mistyped, a file, cut short, damaged.

    @Test
    void readingCommandsRefuseAStoreThatDoesNotExistAndCreateNone() {
        Path typo = dir.resolve("dbb");
        for (String[] args : List.of(new String[] {"score", "--db", typo.toString(), HAM.toString()},
                new String[] {"explain", "--db", typo.toString(), HAM.toString()},
                new String[] {"db", "stats", "--db", typo.toString()},
                new String[] {"db", "export", "--db", typo.toString(), dir.resolve("x.gz").toString()},
                new String[] {"db", "prune", "--db", typo.toString()},
                new String[] {"forget", "--db", typo.toString(), HAM.toString()},
                new String[] {"unlearn", "--spam", "--db", typo.toString(), HAM.toString()})) {
            refusedInOneLine(cli.run(args), "no store at " + typo);
        }
        assertThat(typo).doesNotExist();
        assertThat(dir.resolve("x.gz")).doesNotExist();
    }

    /** A mistyped file made an empty store at a new --db, which score then took for a trained one. */
    @Test
    void learningCommandsRefuseAMissingFileBeforeMakingAStore() {
        Path fresh = dir.resolve("new-db");
        Path missing = dir.resolve("no-such.eml");
        for (String[] args : List.of(new String[] {"train", "--db", fresh.toString(), "--spam", missing.toString()},
                new String[] {"learn", "--db", fresh.toString(), "--spam", missing.toString()},
                new String[] {"trap", "--db", fresh.toString(), "--spam", missing.toString()})) {
            refusedInOneLine(cli.run(args), "cannot read " + missing + ": no such file");
        }
        assertThat(fresh).doesNotExist();
    }

    @Test
    void aStoreThatIsAFileIsNamedWithoutAnExceptionName() throws IOException {
        Path file = Files.writeString(dir.resolve("store"), "x");
        refusedInOneLine(cli.run("learn", "--db", file.toString(), "--spam", SPAM.toString()),
                "cannot use " + file + " as an LMDB store directory: it is a file");
    }

    /** LMDB mapped the pages past the end of a cut-short data.mdb: SIGBUS killed the JVM (exit 134, hs_err file). */
    @Test
    void aDataFileCutShortIsRefusedInsteadOfCrashingTheJvm() throws Exception {
        trained();
        Path data = dir.resolve("db/data.mdb");
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        // in a child JVM: before the fix, this killed the JVM running it
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder child = new ProcessBuilder(java, "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-XX:ErrorFile=" + dir.resolve("hs_err.log"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "score", "--db", dir.resolve("db").toString(), HAM.toString())
                .redirectErrorStream(true);
        Commands.Ran ran = Commands.run(child, 60);
        String output = ran.output();
        assertThat(ran.timedOut()).isFalse();
        assertThat(ran.exit()).as(output).isEqualTo(1);
        assertThat(output).contains("is damaged: data.mdb is").contains("a copy cut short?").doesNotContain("Exception");
    }

    /**
     * Pages whose header no longer says what kind of page they are (the flags of every page after
     * the two meta pages cleared): LMDB reports MDB_CORRUPTED, which was "failed: located page was
     * wrong type (-30796)", or an internal error with lmdbjava's trace when a read view met it.
     * Page numbers are left alone: a page pointer past the end of the file is a SIGBUS, which no
     * error handling can turn into a message.
     */
    @Test
    void aDamagedPageIsReportedAsADamagedStore() throws IOException {
        trained();
        Path data = dir.resolve("db/data.mdb");
        long size = Files.size(data);
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            for (long page = 2; page * 4096 < size; page++) ch.write(java.nio.ByteBuffer.wrap(new byte[2]), page * 4096 + 10);
        }
        Cli.Result r = cli.run("score", HAM.toString());
        // found as the store opens, by the check of its root pages (before, by LMDB: "is damaged (LMDB: ")
        refusedInOneLine(r, "is damaged: in data.mdb, page ", "bayard db import");
    }

    /**
     * Ctrl-C or SIGTERM in the middle of an import of several transactions left the token counts
     * of the first ones without the ledger and totals, which come with the last: the store said 0
     * messages and 350,000 tokens, and importing the dump again counted those tokens twice. The
     * import is one transaction now, and a stop waits for it: the store is the whole dump, or (the
     * signal came before the import began) the empty store it was, never a part.
     */
    @Test
    void anInterruptedImportLeavesTheWholeDumpOrNothing() throws Exception {
        Path mbox = dir.resolve("many.mbox");
        java.util.Random random = new java.util.Random(3);
        try (java.io.BufferedWriter w = Files.newBufferedWriter(mbox)) {
            for (int i = 0; i < 2000; i++) {
                w.write("From x@example.com Thu Jan  1 00:00:00 2002\nSubject: m" + i + "\nMessage-ID: <m" + i + "@x>\n\n");
                for (int j = 0; j < 150; j++) w.write(Long.toString(random.nextLong() >>> 4, 36) + (j % 10 == 9 ? "\n" : " "));
                w.write("\n\n");
            }
        }
        assertThat(cli.run("train", "--ham", mbox.toString()).exitCode()).isZero();
        Path dump = dir.resolve("many.dump.gz");
        assertThat(cli.run("db", "export", dump.toString()).exitCode()).isZero();
        String whole = stats(dir.resolve("db"));
        assertThat(whole).as("an import that takes a while").matches(".*\"tokens\":\\d{6,}.*");

        Path db = dir.resolve("imported");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "db", "import", "--db", db.toString(), dump.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // The dump is read and verified before the store is opened, so the store's data file
            // appears as the import is about to write.
            Path data = db.resolve("data.mdb");
            while (child.isAlive() && !Files.exists(data) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            child.destroy(); // SIGTERM, as systemd or kill sends
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            Commands.kill(child); // should it not have ended
        }
        assertThat(stats(db)).isIn(whole, "{\"ham\":0,\"spam\":0,\"tokens\":0,\"ledger\":0}");
    }

    private static String stats(Path db) {
        try (org.bayard.core.store.TokenStore store = org.bayard.store.lmdb.LmdbTokenStore.open(db, org.bayard.core.token.Tokenizer.VERSION)) {
            org.bayard.core.store.StoreStats s = store.stats();
            return "{\"ham\":" + s.totals().ham() + ",\"spam\":" + s.totals().spam() + ",\"tokens\":" + s.tokens()
                    + ",\"ledger\":" + s.ledgerEntries() + "}";
        }
    }

    // Option values and the order of checks.

    /** The batch's arrays were reserved up front: --batch 2147483647 was an OutOfMemoryError with a trace. */
    @Test
    void aBatchAsLargeAsTheInputTrains() {
        Cli.Result r = cli.run("train", "--batch", "2147483647", "--ham", HAM.toString(), "--spam", SPAM.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 learned");
    }

    /**
     * tokens, eval and eval plot never open a store, but took --db, listed it in their help as
     * "Store directory" and ignored it: `eval --db /var/lib/bayard` looked like an evaluation of
     * that store. It is now an unknown option there, and the help does not offer it.
     */
    @Test
    void commandsThatNeverOpenAStoreDoNotTakeDb() {
        Path store = dir.resolve("store");
        for (String[] args : List.of(new String[] {"tokens", HAM.toString()}, new String[] {"eval", "--index", HAM.toString()},
                new String[] {"eval", "plot", "-o", dir.toString(), "--scores", HAM.toString()})) {
            List<String> withDb = new ArrayList<>(List.of(args));
            withDb.addAll(List.of("--db", store.toString()));
            Cli.Result r = cli.run(withDb.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains("Unknown option").contains("'--db'");
            List<String> help = new ArrayList<>(List.of(args).subList(0, args[1].equals("plot") ? 2 : 1));
            help.add("--help");
            assertThat(cli.run(help.toArray(String[]::new)).out()).as(String.join(" ", help)).doesNotContain("--db").contains("--config");
        }
        assertThat(store).doesNotExist();
    }

    /** A compressed mailbox was learned as one message of binary junk ('1 learned'). */
    @Test
    void aCompressedMailboxIsRefusedWithTheWayToReadIt() throws Exception {
        Path gz = dir.resolve("ham.mbox.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(Path.of("../samples/ham.mbox")));
        }
        Cli.Result r = cli.run("learn", "--ham", gz.toString());
        refusedInOneLine(r, "cannot read " + gz + ": gzip-compressed, not mail; decompress it first (zcat " + gz + " > FILE,"
                + " or in bash name <(zcat " + gz + ") as the path; piped to '-' a mailbox is read as one message)");
        assertThat(cli.run("train", "--spam", SPAM.toString(), "--ham", gz.toString()).exitCode()).isEqualTo(1);
        assertThat(cli.run("db", "stats", "--json").err()).as("refused before a store was made").contains("no store at");

        // The advice works: a pipe named as the path is read as a mailbox. It advised
        // 'zcat x | bayard learn --ham -', which learned the sample's 300 hams as 1 message.
        Path fifo = dir.resolve("unzipped");
        assertThat(Commands.run("mkfifo", fifo.toString()).exit()).isZero();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz)); var out = Files.newOutputStream(fifo)) {
                in.transferTo(out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Cli.Result viaPipe = cli.run("learn", "--ham", fifo.toString());
        writer.join();
        assertThat(viaPipe.out()).as(viaPipe.err()).contains("learn ham: 300 messages (300 learned)");
        assertThat(cli.runWithInput(new java.util.zip.GZIPInputStream(Files.newInputStream(gz)), "learn", "--ham", "-").out())
                .as("standard input stays one message").contains("learn ham: 1 message (1 learned)");
    }

    /**
     * Inside a folder a compressed file was read as one message and learned: 'train --spam DIR'
     * with a gzipped mailbox beside the messages said '2 learned' for one message of mail.
     */
    @Test
    void aCompressedFileInsideAFolderIsRefusedToo() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("spam"));
        Files.copy(SPAM, folder.resolve("a.eml"));
        Path gz = folder.resolve("b.mbox.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(Path.of("../samples/spam.mbox")));
        }
        refusedInOneLine(cli.run("train", "--spam", folder.toString()),
                "cannot read " + gz + ": gzip-compressed, not mail; decompress it first (zcat " + gz + " > FILE");
        assertThat(cli.run("db", "stats", "--json").out()).doesNotContain("\"spam\":2");
    }

    // Commands' own files and resources.

    /** A tte whose ham (or spam) folder was empty or mistyped replaced the store's model with a one-class one. */
    @Test
    void tteWithAnEmptyPileStopsAndLeavesTheStore() throws IOException {
        trained();
        String before = cli.run("db", "stats", "--json").out();
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Cli.Result r = cli.run("tte", "--replace", "--ham", empty.toString(), "--spam", SPAM.toString(), "--out", dir.resolve("tte").toString());
        refusedInOneLine(r, "no ham messages to train in " + empty, "the store is as it was");
        assertThat(cli.run("db", "stats", "--json").out()).isEqualTo(before);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        refusedInOneLine(cli.run("tte", "--replace", "--ham", HAM.toString(), "--spam", SPAM.toString(), "--out", file.toString()),
                "cannot use --out " + file + ": it is a file");
    }

    /** One damaged sidecar made list, show and expire an internal error with Jackson's trace, for the whole queue. */
    @Test
    void aDamagedQuarantineSidecarIsNamedAndTheRestIsListed() throws IOException {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Files.copy(HAM, spool.resolve("A1.eml"));
        Files.writeString(spool.resolve("A1.json"), "{\"from\":\"a@example.org\",\"rcpt\":[\"u@example.net\"],"
                + "\"received\":\"2026-11-01T00:00:00Z\",\"score\":6.0,\"reason\":\"held\"}");
        Files.copy(SPAM, spool.resolve("B2.eml"));
        Files.write(spool.resolve("B2.json"), new byte[] {'{', (byte) 0xc3, '\n', 0, 1});
        Cli.Result list = cli.run("quarantine", "list", "--quarantine", spool.toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("A1  2026-11-01T00:00:00Z").contains("B2  ?");
        assertThat(list.err()).isEqualTo("bayard: warning: B2: " + spool.resolve("B2.json")
                + ": damaged: not the JSON object the gate writes\n");
        Cli.Result expire = cli.run("quarantine", "expire", "--days", "100", "--quarantine", spool.toString());
        assertThat(expire.exitCode()).as(expire.err()).isZero();
        assertThat(expire.out()).contains("2 kept");
        assertThat(cli.run("quarantine", "show", "B2", "--quarantine", spool.toString()).exitCode()).isZero();
    }

    /**
     * Deciding several held items from the command line while the page (or another command) was
     * deciding one of them: discard stopped at that one and left the rest undecided without a
     * word, and release said the item "stays held" when another decision had it (or had just
     * released it). Each item is reported and the rest are decided; the exit code says one was not.
     */
    @Test
    void quarantineDecisionsOnAnItemAnotherDecisionHasGoOnWithTheRest() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        for (String id : List.of("T1", "T2", "T3", "T4")) {
            Files.copy(HAM, spool.resolve(id + ".eml"));
            Files.writeString(spool.resolve(id + ".json"), "{\"from\":\"a@example.org\",\"rcpt\":[\"u@example.net\"],"
                    + "\"received\":\"2026-11-01T00:00:00Z\",\"score\":6.0,\"reason\":\"held\"}");
        }
        try (org.bayard.smtp.RecordingSink sink = new org.bayard.smtp.RecordingSink();
             org.bayard.app.gate.DecisionLocks.ItemLock other = org.bayard.app.gate.DecisionLocks.tryLock(spool, "T2")) {
            assertThat(other).isNotNull(); // the page's decision on T2, under way
            Cli.Result discard = cli.run("quarantine", "discard", "T1", "T2", "T3", "--quarantine", spool.toString());
            assertThat(discard.exitCode()).isEqualTo(1);
            assertThat(discard.out()).isEqualTo("T1: discarded\nT3: discarded\n");
            assertThat(discard.err()).isEqualTo("bayard: T2 not decided here: another decision on T2 is under way;"
                    + " nothing was done or learned here\n");
            Cli.Result release = cli.run("quarantine", "release", "T2", "T4", "--quarantine", spool.toString(),
                    "--next-hop", "127.0.0.1:" + sink.address().getPort());
            assertThat(release.exitCode()).isEqualTo(1);
            assertThat(release.out()).isEqualTo("T4: released\n");
            assertThat(release.err()).isEqualTo("bayard: T2 not decided here: another decision on T2 is under way;"
                    + " nothing was done or learned here\n");
            assertThat(sink.delivered).hasSize(1);
        }
        assertThat(Files.list(spool).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml"))).containsExactly("T2.eml");
    }

    /**
     * The file in which decisions lock held items, made by the first decision: made by root (a
     * postmaster's sudo), it was root's, and the service's user could lock no item any more. It is
     * the quarantine owner's, and writable by the folder's group when the folder is.
     */
    @Test
    void theDecisionLockFileARootCommandMakesIsTheQuarantineOwners() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root gives files away");
        Path spool = Files.createDirectories(dir.resolve("service-spool"));
        Files.copy(HAM, spool.resolve("T1.eml"));
        Files.writeString(spool.resolve("T1.json"), "{\"from\":\"a@example.org\",\"rcpt\":[\"u@example.net\"]}");
        var nobody = spool.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(spool, nobody);
        Files.setPosixFilePermissions(spool, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwx---"));
        Cli.Result r = cli.run("quarantine", "discard", "T1", "--quarantine", spool.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path lock = spool.resolve("decisions.lock");
        assertThat(Files.getOwner(lock)).isEqualTo(nobody);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(lock))).isEqualTo("rw-rw----");
    }

    /**
     * Deciding several held items when one of them was already decided (by the page, a moment
     * before the command started) or is mistyped: the whole command was refused and nothing was
     * decided, where the page's bulk decision and an item decided during the run go on with the
     * rest. The missing one is reported, the rest are decided; the exit code says one was not.
     */
    @Test
    void quarantineDecisionsOnAnItemAlreadyGoneGoOnWithTheRest() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        for (String id : List.of("T1", "T3")) {
            Files.copy(HAM, spool.resolve(id + ".eml"));
            Files.writeString(spool.resolve(id + ".json"), "{\"from\":\"a@example.org\",\"rcpt\":[\"u@example.net\"],"
                    + "\"received\":\"2026-11-01T00:00:00Z\",\"score\":6.0,\"reason\":\"held\"}");
        }
        Cli.Result discard = cli.run("quarantine", "discard", "T1", "T2", "T3", "--quarantine", spool.toString());
        assertThat(discard.exitCode()).isEqualTo(1);
        assertThat(discard.out()).isEqualTo("T1: discarded\nT3: discarded\n");
        assertThat(discard.err()).isEqualTo("bayard: T2 not decided here: no quarantined message with id 'T2'"
                + " (decided already, or never held); nothing was done or learned here\n");
        assertThat(Files.list(spool).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml"))).isEmpty();
    }

    /** quarantine learn-ham whose release the next hop refuses said "it stays held" and not that the store had learned it as ham. */
    @Test
    void aLearnHamTheNextHopRefusesSaysItWasLearnedAllTheSame() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Files.copy(HAM, spool.resolve("H1.eml"));
        Files.writeString(spool.resolve("H1.json"), "{\"from\":\"a@example.org\",\"rcpt\":[\"u@example.net\"],"
                + "\"received\":\"2026-11-01T00:00:00Z\",\"score\":6.0,\"reason\":\"held\"}");
        try (org.bayard.smtp.RecordingSink sink = new org.bayard.smtp.RecordingSink()) {
            sink.endReply = "554 5.7.1 content refused";
            Cli.Result r = cli.run("quarantine", "learn-ham", "H1", "--quarantine", spool.toString(),
                    "--next-hop", "127.0.0.1:" + sink.address().getPort());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).startsWith("bayard: H1 not released (it stays held): ").contains("554 5.7.1 content refused")
                    .endsWith("; it was learned as ham all the same (learn-spam would learn it as spam instead)\n");
        }
        assertThat(spool.resolve("H1.eml")).exists();
    }

    /**
     * quarantine list printed each item's sender, recipients and reason as they are: a sender
     * with the 8-bit CSI (U+009B, which the gate takes inside a UTF-8 address) or a bidi
     * override reached the terminal as control sequences and could clear the screen or turn a
     * line around; show's metadata likewise. They are escaped, as tokens are; letters stay letters.
     */
    @Test
    void quarantineListAndShowEscapeWhatCouldDriveTheTerminal() throws IOException {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Files.copy(HAM, spool.resolve("T1.eml"));
        Files.writeString(spool.resolve("T1.json"), "{\"from\":\"\\u009b2J\\u009b31mj\u00f6rg\\u202egpj.exe@example.org\","
                + "\"rcpt\":[\"list\\u0085x@example.test\"],\"received\":\"2026-11-01T00:00:00Z\",\"score\":6.0,"
                + "\"reason\":\"held\\u001b[8m\"}", StandardCharsets.UTF_8);
        for (String action : List.of("list", "show")) {
            List<String> args = new java.util.ArrayList<>(List.of("quarantine", action));
            if (action.equals("show")) args.add("T1");
            args.addAll(List.of("--quarantine", spool.toString()));
            Cli.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).as(action).doesNotContain("\u009b", "\u202e", "\u0085", "\u001b")
                    .contains("j\u00f6rg", "\\u009b2J", "\\u202e", "\\u0085");
        }
    }

    /**
     * A file ending in .eml that is no item's (Emacs' lock file while the postmaster edits a held
     * message, a copy saved as "my copy.eml") made list and expire an internal error for the whole queue.
     */
    @Test
    void aFileInTheQuarantineThatIsNoItemIsNotListedAndStopsNothing() throws IOException {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Files.copy(HAM, spool.resolve("A1.eml"));
        Files.writeString(spool.resolve("A1.json"), "{\"from\":\"a@example.org\",\"rcpt\":[\"u@example.net\"],"
                + "\"received\":\"2026-11-01T00:00:00Z\",\"score\":6.0,\"reason\":\"held\"}");
        Files.createSymbolicLink(spool.resolve(".#A1.eml"), Path.of("postmaster@mx.example.org.4242:1763900000"));
        Files.copy(SPAM, spool.resolve("my copy.eml"));
        Cli.Result list = cli.run("quarantine", "list", "--quarantine", spool.toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("A1  2026-11-01T00:00:00Z").doesNotContain("my copy", ".#A1");
        Cli.Result expire = cli.run("quarantine", "expire", "--days", "1", "--quarantine", spool.toString());
        assertThat(expire.exitCode()).as(expire.err()).isZero();
        assertThat(expire.out()).contains("1 held more than 1 days discarded, 0 kept");
        assertThat(spool.resolve("my copy.eml")).exists();
    }

    /**
     * The blocklist lives in the store's directory, where the gate reads it. At a mistyped --db,
     * list showed an empty blocklist and add made the folder and said "blocked" for an entry no
     * gate would ever read, both with exit 0.
     */
    @Test
    void theBlocklistOfAStoreThatDoesNotExistIsAnError() {
        Path nowhere = dir.resolve("no-store");
        for (List<String> args : List.of(List.of("list"), List.of("add", "192.0.2.7", "a@example.net"),
                List.of("remove", "192.0.2.7", "a@example.net"))) {
            List<String> command = new ArrayList<>(List.of("blocklist", "--db", nowhere.toString()));
            command.addAll(args);
            refusedInOneLine(cli.run(command.toArray(String[]::new)), "no store at " + nowhere);
        }
        assertThat(nowhere).doesNotExist();
    }

    @Test
    void aDamagedBlocklistFileIsNamed() throws IOException {
        trained();
        Files.write(dir.resolve("db/blocklist.tsv"), new byte[] {'#', ' ', (byte) 0xc3, (byte) 0x28, '\n'});
        refusedInOneLine(cli.run("blocklist", "list"), dir.resolve("db/blocklist.tsv") + ": not UTF-8 text");
    }

    @Test
    void serveOnAnAddressInUseSaysWhichAddress() throws IOException {
        trained(); // serve needs a store that exists
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            List<String> args = new ArrayList<>(List.of("serve", "--listen", listen));
            Cli.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            // as root, serve warns first that it runs as root
            assertThat(r.err().lines().toList().getLast()).isEqualTo("bayard: cannot listen on " + listen + ": address already in use");
            assertThat(r.err()).doesNotContain("Exception");
        }
    }

    /**
     * A Latin-1 file name under a UTF-8 locale reaches Java with U+FFFD for its odd bytes, so the
     * file "did not exist" though ls listed it, and the user looked for a typo. The error now says
     * why and what works: the folder, where such a name is read as it is.
     */
    @Test
    void aFileNameThatIsNotTextInTheLocaleIsExplainedAndItsFolderWorks() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("latin1"));
        Commands.succeeds("sh", "-c", "cp \"$1\" \"$2/$(printf 'caf\\351.eml')\"", "sh", HAM.toAbsolutePath().toString(),
                folder.toString());
        trained();
        Cli.Result r = cli.run("score", folder.resolve("caf\uFFFD.eml").toString());
        refusedInOneLine(r, "caf\uFFFD.eml: no such file under this name: its name has bytes that are not text in the locale's",
                "give its folder instead, or the file on standard input as -");
        Cli.Result whole = cli.run("score", folder.toString());
        assertThat(whole.exitCode()).as(whole.err()).isZero();
        assertThat(whole.out()).contains(" ham ").hasLineCount(1);
    }

    /** score of an empty folder printed nothing at all, and learn "0 messages": nothing said which argument was empty. */
    @Test
    void aFolderWithoutMessagesIsNamedInAWarning() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve(".hidden"), "Subject: x\n\nhidden\n");
        trained();
        Cli.Result score = cli.run("score", empty.toString(), HAM.toString());
        assertThat(score.exitCode()).isZero();
        assertThat(score.err()).isEqualTo("bayard: warning: " + empty + ": no messages in this folder\n");
        assertThat(score.out()).hasLineCount(1);
        Cli.Result learn = cli.run("learn", "--spam", empty.toString());
        assertThat(learn.exitCode()).isZero();
        assertThat(learn.err()).isEqualTo("bayard: warning: " + empty + ": no messages in this folder\n");
    }

    /**
     * score wrote file names escaped, but explain, learn -v, forget -v, train -v and trap -v wrote
     * them as they were: a name with an escape sequence drove the terminal (colours, a cleared
     * screen), one with a bidi override showed its end reversed.
     */
    @Test
    void fileNamesThatCouldDriveTheTerminalAreEscapedEverywhere() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("odd"));
        String odd = "a\u001b[31mred\u202e.eml";
        Files.copy(HAM, folder.resolve(odd));
        trained();
        String shown = "a\\u001b[31mred\\u202e.eml";
        for (String[] args : List.of(new String[] {"explain", folder.toString()}, new String[] {"learn", "-v", "--spam", folder.toString()},
                new String[] {"forget", "-v", folder.toString()}, new String[] {"train", "-v", "--ham", folder.toString()},
                new String[] {"unlearn", "-v", "--ham", folder.toString()})) {
            Cli.Result r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + r.err()).isZero();
            assertThat(r.out()).as(args[0]).contains(shown).doesNotContain("\u001b").doesNotContain("\u202e");
        }
        Path reports = Files.createDirectories(dir.resolve("reports"));
        String report = "From: a@b\nSubject: report\nContent-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\n"
                + "see attached\n--XX\nContent-Type: message/rfc822\n\nFrom: s@x\nMessage-ID: <\u001b]0;pwned\u0007\u001b[2Jx@y>\n"
                + "Subject: buy\n\nbuy now\n--XX--\n";
        Files.writeString(reports.resolve(odd), report, StandardCharsets.ISO_8859_1);
        Cli.Result trap = cli.run("trap", "-v", "--spam", reports.toString());
        assertThat(trap.exitCode()).as(trap.err()).isZero();
        assertThat(trap.out()).contains(shown + " attachment 1 (message/rfc822) <").contains("pwned")
                .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e");
    }
}
