package org.bayard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bayard.app.Engine;
import org.bayard.app.cli.TrainCommand;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.token.Tokenizer;
import org.bayard.core.train.BatchTrainer;
import org.bayard.core.train.Learner;
import org.bayard.core.train.MessagePreparer;
import org.bayard.core.train.MessageTokens;
import org.bayard.core.train.PreparedMessage;
import org.bayard.eval.LabelledMessage;
import org.bayard.store.lmdb.LmdbTokenStore;

/**
 * Classify and train throughput over a labelled corpus, in one warm JVM, on the embedded LMDB
 * store. Not a test: run it with {@code bench/throughput.sh}, which also times bogofilter.
 *
 * <ul>
 *   <li>{@code speed INDEX ROUNDS THREADS}: messages are read into memory first, so the figures
 *       are Bayard's work (parse, tokenize, look up or count) and not the disk's. Each round
 *       trains a fresh store then classifies every message, first on one thread, then on
 *       {@code THREADS}: preparation in parallel with the single LMDB writer taking batches in
 *       order; classification with one preparer, scorer and read view per thread. Uncounted
 *       warm-up rounds go first, until the JIT has settled ({@link JitActivity}). Then, as a
 *       yardstick, the time per message of a {@link BareWordLoop} over the same messages.</li>
 *   <li>{@code lowmem INDEX STOREDIR MINTOKENS}: meant for a small heap ({@code -Xmx64m}):
 *       trains the whole corpus, streaming it from disk, into a store, adds synthetic messages
 *       until the store holds {@code MINTOKENS} distinct tokens, then classifies the corpus.</li>
 * </ul>
 * Results go to stdout as {@code key value} lines (rates in messages per second), read by the
 * script; progress goes to stderr. Both modes end with the JVM's peak RSS ({@code VmHWM}).
 */
public final class Throughput {
    /** What {@code bayard train} commits per transaction, so that the benchmark times what it does. */
    private static final int BATCH = TrainCommand.defaultBatch();
    /** A bound on warming up, in case the JIT never quite settles (see {@link JitActivity}). */
    private static final int MAX_WARM_UPS = 6;
    /** The bare loop is one small method: a few passes over the corpus compile it for good. */
    private static final int BARE_LOOP_WARM_UPS = 5;

    private Throughput() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("speed")) {
            List<LabelledMessage> corpus = corpus(args[1]);
            try {
                speed(corpus, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            } catch (Throwable e) {
                if (!outOfMemory(e)) throw e;
                // the speed run holds every message in its heap: a large corpus ended in OutOfMemoryError and its trace
                System.err.printf(Locale.ROOT, "bench/throughput.sh: out of memory holding the corpus (%.1f MB) in the speed run's heap:"
                        + " give it more with BENCH_JAVA_OPTS=-Xmx..., or a smaller index%n", megabytes(corpus));
                System.exit(1);
            }
        } else if (args.length >= 4 && args[0].equals("lowmem")) {
            lowMemory(corpus(args[1]), Path.of(args[2]), Long.parseLong(args[3]));
        } else {
            System.err.println("usage: Throughput speed INDEX ROUNDS THREADS | lowmem INDEX STOREDIR MINTOKENS");
            System.exit(2);
        }
        System.out.println("peak_rss_kib " + statusKib("VmHWM:"));
        // RSS counts the store's memory-mapped pages the JVM touched, not only its own memory
        System.out.println("rss_anon_kib " + statusKib("RssAnon:"));
        System.out.println("rss_file_kib " + statusKib("RssFile:"));
    }

    /** The corpus, every message checked before the run: bench/throughput.sh says what is wrong in one line. */
    private static List<LabelledMessage> corpus(String index) {
        try {
            return BenchCorpus.read(Path.of(index));
        } catch (BenchCorpus.Problem e) {
            BenchCorpus.exit("bench/throughput.sh", e);
            throw new AssertionError(e); // not reached: exit ends the JVM
        }
    }

    /** Whether {@code e} is, or was caused by, running out of memory (a worker's shows up wrapped). */
    private static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof OutOfMemoryError) return true;
        return false;
    }

    private static double megabytes(List<LabelledMessage> corpus) throws IOException {
        long bytes = 0;
        for (LabelledMessage m : corpus) bytes += Files.size(m.path());
        return bytes / 1e6;
    }

    // ---- speed ----

    private static void speed(List<LabelledMessage> corpus, int rounds, int threads) throws Exception {
        List<byte[]> bytes = new ArrayList<>(corpus.size());
        for (LabelledMessage m : corpus) bytes.add(Files.readAllBytes(m.path()));
        MailClass[] labels = corpus.stream().map(LabelledMessage::label).toArray(MailClass[]::new);
        System.out.printf(Locale.ROOT, "messages %d%nmegabytes %.1f%nthreads %d%n", bytes.size(),
                bytes.stream().mapToLong(b -> b.length).sum() / 1e6, threads);
        double[][] rates = new double[4][rounds];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        JitActivity jit = new JitActivity();
        try {
            int warmUps = 0;
            double lastShare;
            boolean settled;
            do { // warm-up rounds are not counted
                jit.startRound();
                double[][] warm = pairOfRounds(bytes, labels, threads, pool);
                warmUps++;
                lastShare = jit.shareOfRound();
                System.err.printf(Locale.ROOT, "warm-up %d: %s, JIT compiling %.0f%% of the round%n", warmUps,
                        describe(warm, threads), 100 * lastShare);
                settled = jit.settled();
            } while (!settled && warmUps < MAX_WARM_UPS);
            // the table said "until the JIT compiled for under 5% of a round" also when the bound ended the warm-up
            System.out.printf(Locale.ROOT, "warm_up_settled %s%nlast_warm_up_jit_percent %.0f%n", settled ? "yes" : "no", 100 * lastShare);
            jit.startMeasuring();
            for (int r = 0; r < rounds; r++) {
                double[][] measured = pairOfRounds(bytes, labels, threads, pool);
                System.err.printf(Locale.ROOT, "round %d: %s%n", r + 1, describe(measured, threads));
                for (int k = 0; k < 4; k++) rates[k][r] = measured[k / 2][k % 2];
            }
            System.out.printf(Locale.ROOT, "warm_up_rounds %d%njit_ms_while_measuring %d%n", warmUps, jit.sinceMeasuring());
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "train_1 %.0f%nclassify_1 %.0f%ntrain_n %.0f%nclassify_n %.0f%n",
                median(rates[0]), median(rates[1]), median(rates[2]), median(rates[3]));
        System.out.printf(Locale.ROOT, "bare_loop_us %.1f%n", bareLoopMicrosPerMessage(bytes, rounds));
    }

    /** The median time per message of {@link BareWordLoop} over the corpus, after uncounted rounds to warm it up. */
    private static double bareLoopMicrosPerMessage(List<byte[]> bytes, int rounds) {
        BareWordLoop loop = new BareWordLoop();
        long sink = 0;
        for (int r = 0; r < BARE_LOOP_WARM_UPS; r++) sink += loop.run(bytes);
        double[] micros = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            sink += loop.run(bytes);
            micros[r] = (System.nanoTime() - t0) / 1e3 / bytes.size();
        }
        if (sink < 0) System.out.println(sink);
        return median(micros);
    }

    /** {{train, classify} on 1 thread, {train, classify} on {@code threads}}, in msg/s. */
    private static double[][] pairOfRounds(List<byte[]> bytes, MailClass[] labels, int threads, ExecutorService pool)
            throws Exception {
        return new double[][] {round(bytes, labels, 1, null), round(bytes, labels, threads, pool)};
    }

    private static String describe(double[][] r, int threads) {
        return String.format(Locale.ROOT, "1 thread: train %6.0f classify %6.0f | %d threads: train %6.0f classify %6.0f msg/s",
                r[0][0], r[0][1], threads, r[1][0], r[1][1]);
    }

    /** One fresh store: train everything, then classify everything. Returns {train, classify} msg/s. */
    private static double[] round(List<byte[]> bytes, MailClass[] labels, int threads, ExecutorService pool)
            throws Exception {
        Path dir = Files.createTempDirectory("bayard-bench");
        try (TokenStore store = LmdbTokenStore.open(dir, Tokenizer.VERSION)) {
            BayardConfig config = BayardConfig.DEFAULTS;
            long t0 = System.nanoTime();
            if (threads == 1) {
                trainSerial(store, config, bytes, labels);
            } else {
                trainParallel(store, config, bytes, labels, threads);
            }
            long t1 = System.nanoTime();
            double sink = threads == 1 ? classifySerial(store, config, bytes) : classifyParallel(store, config, bytes, threads, pool);
            long t2 = System.nanoTime();
            if (sink < 0) System.out.println(sink);
            return new double[] {bytes.size() / ((t1 - t0) / 1e9), bytes.size() / ((t2 - t1) / 1e9)};
        } finally {
            deleteTree(dir);
        }
    }

    private static void trainSerial(TokenStore store, BayardConfig config, List<byte[]> bytes, MailClass[] labels) {
        MessagePreparer preparer = Engine.newPreparer(config);
        Learner learner = new Learner(store, java.time.Clock.systemUTC());
        for (int start = 0; start < bytes.size(); start += BATCH) {
            int from = start, to = Math.min(bytes.size(), start + BATCH);
            PreparedMessage[] batch = new PreparedMessage[to - from];
            for (int i = from; i < to; i++) batch[i - from] = preparer.prepare(bytes.get(i), false);
            learnBatch(store, learner, batch, labels, from);
        }
    }

    private static void learnBatch(TokenStore store, Learner learner, PreparedMessage[] batch, MailClass[] labels, int from) {
        store.write(view -> {
            for (int i = 0; i < batch.length; i++) learner.learn(view, batch[i], labels[from + i], LearnSource.MANUAL);
            return null;
        });
    }

    /** As {@code bayard train} learns: preparation on the pool's threads, batches committed in order. */
    private static void trainParallel(TokenStore store, BayardConfig config, List<byte[]> bytes, MailClass[] labels, int threads) {
        Learner learner = new Learner(store, java.time.Clock.systemUTC());
        try (BatchTrainer<Integer> trainer = new BatchTrainer<>(store, learner, Engine.newPreparer(config), LearnSource.MANUAL,
                BATCH, threads, (index, outcome) -> { })) {
            for (int i = 0; i < bytes.size(); i++) trainer.learn(bytes.get(i), labels[i], i);
            trainer.finish();
        }
    }

    private static double classifySerial(TokenStore store, BayardConfig config, List<byte[]> bytes) {
        MessagePreparer preparer = Engine.newPreparer(config);
        MessageScorer scorer = new MessageScorer(config.classifier());
        double sink = 0;
        for (byte[] b : bytes) {
            MessageTokens p = preparer.tokens(b, false);
            try (ReadView view = store.read()) {
                sink += scorer.score(p, view).probability();
            }
        }
        return sink;
    }

    /** Each thread has its own preparer, scorer (its buffers) and read views; they share nothing else. */
    private static double classifyParallel(TokenStore store, BayardConfig config, List<byte[]> bytes, int threads,
                                           ExecutorService pool) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<Double>> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                MessagePreparer preparer = Engine.newPreparer(config);
                MessageScorer scorer = new MessageScorer(config.classifier());
                double sink = 0;
                for (int i = next.getAndIncrement(); i < bytes.size(); i = next.getAndIncrement()) {
                    MessageTokens p = preparer.tokens(bytes.get(i), false);
                    try (ReadView view = store.read()) {
                        sink += scorer.score(p, view).probability();
                    }
                }
                return sink;
            }));
        }
        double sink = 0;
        for (Future<Double> w : workers) sink += w.get();
        return sink;
    }

    // ---- low memory ----

    private static void lowMemory(List<LabelledMessage> corpus, Path dir, long minTokens) throws IOException {
        System.out.println("max_heap_mib " + Runtime.getRuntime().maxMemory() / (1 << 20));
        BayardConfig config = BayardConfig.DEFAULTS;
        MessagePreparer preparer = Engine.newPreparer(config);
        try (TokenStore store = LmdbTokenStore.open(dir, Tokenizer.VERSION)) {
            Learner learner = new Learner(store, java.time.Clock.systemUTC());
            MailClass[] labels = corpus.stream().map(LabelledMessage::label).toArray(MailClass[]::new);
            for (int start = 0; start < corpus.size(); start += BATCH) {
                int from = start, to = Math.min(corpus.size(), start + BATCH);
                PreparedMessage[] batch = new PreparedMessage[to - from];
                for (int i = from; i < to; i++) batch[i - from] = preparer.prepare(Files.readAllBytes(corpus.get(i).path()), false);
                learnBatch(store, learner, batch, labels, from);
            }
            System.out.println("corpus_tokens " + store.stats().tokens());
            long synthetic = 0;
            SplittableRandom random = new SplittableRandom(42);
            while (store.stats().tokens() < minTokens) {
                PreparedMessage[] batch = new PreparedMessage[BATCH];
                MailClass[] synthLabels = new MailClass[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    batch[i] = preparer.prepare(syntheticMessage(random, synthetic++), false);
                    synthLabels[i] = (synthetic & 1) == 0 ? MailClass.HAM : MailClass.SPAM;
                }
                learnBatch(store, learner, batch, synthLabels, 0);
            }
            System.out.println("synthetic_messages " + synthetic);
            System.out.println("store_tokens " + store.stats().tokens());
            MessageScorer scorer = new MessageScorer(config.classifier());
            double sink = 0;
            long t0 = System.nanoTime();
            for (LabelledMessage m : corpus) {
                MessageTokens p = preparer.tokens(Files.readAllBytes(m.path()), false);
                try (ReadView view = store.read()) {
                    sink += scorer.score(p, view).probability();
                }
            }
            long t1 = System.nanoTime();
            if (sink < 0) System.out.println(sink);
            System.out.printf(Locale.ROOT, "lowmem_classify %.0f%n", corpus.size() / ((t1 - t0) / 1e9));
            System.out.println("lowmem_completed yes");
        }
    }

    /** A plain-text message of 300 random made-up words, unique per {@code n}. */
    private static byte[] syntheticMessage(SplittableRandom random, long n) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("From: synth").append(n).append("@example.org\r\nSubject: synthetic ").append(n)
                .append("\r\nMessage-ID: <synth-").append(n).append("@example.org>\r\n\r\n");
        for (int w = 0; w < 300; w++) {
            int len = 4 + random.nextInt(6);
            for (int k = 0; k < len; k++) sb.append((char) ('a' + random.nextInt(26)));
            sb.append(w % 12 == 11 ? "\r\n" : " ");
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    // ---- helpers ----

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: unknown
        }
        return -1;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
