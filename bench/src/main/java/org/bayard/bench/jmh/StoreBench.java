package org.bayard.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.TokenStore;
import org.bayard.core.token.Tokenizer;
import org.bayard.core.train.Learner;
import org.bayard.core.train.MessagePreparer;
import org.bayard.core.train.PreparedMessage;
import org.bayard.app.Engine;
import org.bayard.app.config.BayardConfig;
import org.bayard.store.lmdb.LmdbTokenStore;

/** Store kinds and shared helpers for the scoring and learning benchmarks. */
final class StoreBench {
    /** Flags LMDB (lmdbjava) needs on JDK 25, for the forked benchmark JVMs. */
    static final String ADD_OPENS_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    static final String ADD_OPENS_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String NATIVE = "--enable-native-access=ALL-UNNAMED";
    static final String UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    private StoreBench() {}

    static PreparedMessage[] prepareAll(Samples samples) {
        MessagePreparer preparer = Engine.newPreparer(BayardConfig.DEFAULTS);
        PreparedMessage[] out = new PreparedMessage[samples.messages.size()];
        for (int i = 0; i < out.length; i++) out[i] = preparer.prepare(samples.messages.get(i), false);
        return out;
    }

    /** A fresh store of the kind; {@code dir[0]} receives the LMDB directory to delete later. */
    static TokenStore open(String kind, Path[] dir) {
        switch (kind) {
            case "memory" -> {
                dir[0] = null;
                return new InMemoryTokenStore(Tokenizer.VERSION);
            }
            case "lmdb" -> {
                try {
                    dir[0] = Files.createTempDirectory("bayard-jmh");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return LmdbTokenStore.open(dir[0], Tokenizer.VERSION);
            }
            default -> throw new IllegalArgumentException("store kind: " + kind);
        }
    }

    /** Learns all messages with their labels, {@code batch} messages per write transaction. */
    static void learnAll(TokenStore store, PreparedMessage[] prepared, Samples samples, int batch) {
        Learner learner = new Learner(store, Clock.systemUTC());
        for (int start = 0; start < prepared.length; start += batch) {
            int from = start, to = Math.min(prepared.length, start + batch);
            store.write(view -> {
                for (int i = from; i < to; i++) learner.learn(view, prepared[i], samples.labels.get(i), LearnSource.MANUAL);
                return null;
            });
        }
    }
}
