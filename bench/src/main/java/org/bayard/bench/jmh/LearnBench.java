package org.bayard.bench.jmh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bayard.core.store.TokenStore;
import org.bayard.core.train.PreparedMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Learning already prepared messages through the ledger into an empty store, {@code batch}
 * messages per write transaction. Learning is idempotent (a message learned twice counts
 * once), so every invocation starts from a fresh store (set up untimed) and learns all 500
 * samples: score = messages per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {StoreBench.ADD_OPENS_NIO, StoreBench.ADD_OPENS_CH, StoreBench.NATIVE, StoreBench.UNSAFE})
public class LearnBench {
    @Param({"memory", "lmdb"})
    public String store;

    @Param({"100", "500"})
    public int batch;

    private Samples samples;
    private PreparedMessage[] prepared;
    private TokenStore tokenStore;
    private final Path[] dir = new Path[1];

    @Setup(Level.Trial)
    public void load() {
        samples = Samples.load();
        prepared = StoreBench.prepareAll(samples);
    }

    @Setup(Level.Invocation)
    public void freshStore() {
        tokenStore = StoreBench.open(store, dir);
    }

    @TearDown(Level.Invocation)
    public void dropStore() {
        tokenStore.close();
        Samples.deleteTree(dir[0]);
    }

    @Benchmark
    @OperationsPerInvocation(Samples.COUNT)
    public void learn() {
        StoreBench.learnAll(tokenStore, prepared, samples, batch);
    }
}
