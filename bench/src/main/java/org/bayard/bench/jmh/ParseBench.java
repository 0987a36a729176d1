package org.bayard.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.mail.MailReader;
import org.bayard.core.mail.MailVisitor;
import org.bayard.core.mail.PartInfo;
import org.bayard.core.mail.TextOrigin;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * MIME parsing alone: {@link MailReader} over one sample message per operation (cycling through
 * all 500), into a visitor that only counts what it is told. Score = messages per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
public class ParseBench {
    private byte[][] messages;
    private int next;
    private final CountingVisitor visitor = new CountingVisitor();

    @Setup
    public void setup() {
        messages = Samples.load().messages.toArray(byte[][]::new);
    }

    @Benchmark
    public long parse(Blackhole bh) {
        byte[] m = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        visitor.events = 0;
        MailReader.read(m, MailLimits.DEFAULT, visitor);
        return visitor.events;
    }

    /** Does nothing with what it gets but count it, so the JIT cannot drop the parse. */
    static final class CountingVisitor implements MailVisitor {
        long events;

        @Override public void header(String name, String value, int depth) { events += value.length(); }
        @Override public void part(PartInfo part) { events++; }
        @Override public void text(CharSequence text, TextOrigin origin) { events += text.length(); }
        @Override public void url(String url) { events++; }
        @Override public void anomaly(String code) { events++; }
    }
}
