package org.bayard.bench.jmh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.train.PreparedMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scoring an already prepared message against a store trained on the 500 samples: one read
 * view per message as in production, one batched lookup, then the chi-square math. One message
 * per operation, cycling: score = messages per second. {@code store}: in-memory or LMDB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {StoreBench.ADD_OPENS_NIO, StoreBench.ADD_OPENS_CH, StoreBench.NATIVE, StoreBench.UNSAFE})
public class ScoreBench {
    @Param({"memory", "lmdb"})
    public String store;

    private TokenStore tokenStore;
    private final Path[] dir = new Path[1];
    private PreparedMessage[] prepared;
    private int next;
    private final MessageScorer scorer = new MessageScorer(BayardConfig.DEFAULTS.classifier());

    @Setup(Level.Trial)
    public void setup() {
        Samples samples = Samples.load();
        prepared = StoreBench.prepareAll(samples);
        tokenStore = StoreBench.open(store, dir);
        StoreBench.learnAll(tokenStore, prepared, samples, 100);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tokenStore.close();
        Samples.deleteTree(dir[0]);
    }

    @Benchmark
    public double score() {
        PreparedMessage p = prepared[next];
        next = next + 1 == prepared.length ? 0 : next + 1;
        try (ReadView view = tokenStore.read()) {
            return scorer.score(p, view).probability();
        }
    }
}
