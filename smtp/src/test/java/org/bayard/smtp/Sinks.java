package org.bayard.smtp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The recording next hops a test starts, each closed once the test and its own {@code @AfterEach}
 * are done (a gate still sending to one must stop first). Every class that started a sink closed
 * it in an {@code @AfterEach} of its own, and a test that started a second one leaked the first.
 */
public final class Sinks implements AfterEachCallback {
    private final List<RecordingSink> started = new ArrayList<>();

    /** A new sink on a free loopback port, closed after the test. */
    public synchronized RecordingSink start() throws IOException {
        RecordingSink sink = new RecordingSink();
        started.add(sink);
        return sink;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) throws IOException {
        IOException first = null;
        for (RecordingSink sink : started) {
            try {
                sink.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        started.clear();
        if (first != null) throw first;
    }
}
