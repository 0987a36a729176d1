package org.bayard.app;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

final class AppContextForTests {
    private AppContextForTests() {}

    static AppContext quiet() {
        PrintStream sinkStream = new PrintStream(OutputStream.nullOutputStream());
        return new AppContext(new ByteArrayInputStream(new byte[0]), sinkStream, sinkStream, Map.of(), Clock.systemUTC(), false);
    }
}
