package org.bayard.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.token.Features;
import org.bayard.core.token.Tokenizer;
import org.bayard.core.train.ContentDigest;
import org.bayard.core.train.MessagePreparer;
import org.bayard.core.train.PreparedMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing plus tokenizing: message bytes to distinct feature hashes. {@code tokenize} is
 * {@link Tokenizer} into a reused {@link Features}; {@code prepare} is the whole
 * {@link MessagePreparer} step that classify and learn start with (adds the content digest and
 * the hash array). One sample message per operation: score = messages per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
public class TokenizeBench {
    private byte[][] messages;
    private int next;
    private final Tokenizer tokenizer = new Tokenizer(MailLimits.DEFAULT);
    private final Features features = new Features(MailLimits.DEFAULT.maxTokens());
    private final MessagePreparer preparer = new MessagePreparer(tokenizer, MailLimits.DEFAULT);

    @Setup
    public void setup() {
        messages = Samples.load().messages.toArray(byte[][]::new);
    }

    private byte[] nextMessage() {
        byte[] m = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        return m;
    }

    @Benchmark
    public int tokenize() {
        features.clear();
        tokenizer.tokenize(nextMessage(), features);
        return features.size();
    }

    @Benchmark
    public PreparedMessage prepare() {
        return preparer.prepare(nextMessage(), false);
    }

    /** The content digest alone, part of {@code prepare}. */
    @Benchmark
    public Object digest() {
        return ContentDigest.identify(nextMessage());
    }
}
