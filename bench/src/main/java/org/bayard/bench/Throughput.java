package org.bayard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.Engine;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.token.Tokenizer;
import org.bayard.core.train.Learner;
import org.bayard.core.train.MessagePreparer;
import org.bayard.core.train.PreparedMessage;
import org.bayard.eval.LabelledMessage;
import org.bayard.eval.TrecIndex;
import org.bayard.store.lmdb.LmdbTokenStore;

/**
 * Classify and train throughput over a labelled corpus, single-threaded, in one warm JVM, on the
 * embedded LMDB store: messages are read into memory first, so the figures are Bayard's work
 * (parse, tokenize, look up or count) and not the disk's. Not a test: run it with
 * {@code bench/throughput.sh}.
 */
public final class Throughput {
    private Throughput() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Throughput INDEX [ROUNDS]");
            System.exit(2);
        }
        List<LabelledMessage> corpus = TrecIndex.read(Path.of(args[0]));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<byte[]> bytes = new ArrayList<>(corpus.size());
        for (LabelledMessage m : corpus) bytes.add(Files.readAllBytes(m.path()));
        System.out.printf(Locale.ROOT, "corpus: %d messages, %.1f MB%n", corpus.size(),
                bytes.stream().mapToLong(b -> b.length).sum() / 1e6);
        for (int r = 0; r <= rounds; r++) {
            Result res = runOnce(corpus, bytes);
            System.out.printf(Locale.ROOT, "%s train %8.0f msg/s   classify %8.0f msg/s%n",
                    r == 0 ? "warm-up  " : "round " + r + "  ", res.trainRate, res.classifyRate);
        }
    }

    private record Result(double trainRate, double classifyRate) {}

    private static Result runOnce(List<LabelledMessage> corpus, List<byte[]> bytes) throws IOException {
        Path dir = Files.createTempDirectory("bayard-bench");
        try (TokenStore store = LmdbTokenStore.open(dir, Tokenizer.VERSION)) {
            BayardConfig config = BayardConfig.DEFAULTS;
            MessagePreparer preparer = Engine.newPreparer(config);
            Learner learner = new Learner(store, java.time.Clock.systemUTC());
            long t0 = System.nanoTime();
            for (int start = 0; start < bytes.size(); start += 500) {
                int from = start, to = Math.min(bytes.size(), start + 500);
                List<PreparedMessage> batch = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) batch.add(preparer.prepare(bytes.get(i), false));
                store.write(view -> {
                    for (int i = from; i < to; i++) learner.learn(view, batch.get(i - from), corpus.get(i).label(), LearnSource.MANUAL);
                    return null;
                });
            }
            long t1 = System.nanoTime();
            MessageScorer scorer = new MessageScorer(config.classifier());
            double sink = 0;
            for (byte[] b : bytes) {
                PreparedMessage p = preparer.prepare(b, false);
                try (ReadView view = store.read()) {
                    sink += scorer.score(p, view).probability();
                }
            }
            long t2 = System.nanoTime();
            if (sink < 0) System.out.println(sink);
            return new Result(bytes.size() / ((t1 - t0) / 1e9), bytes.size() / ((t2 - t1) / 1e9));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
