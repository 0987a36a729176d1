package org.bayard.app;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What the commands take from the outside world, injected so tests run commands in-process with
 * exact inputs and captured outputs.
 */
public record AppContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Clock clock,
                         boolean interactive) {

    public static AppContext system() {
        return new AppContext(System.in, StandardOutput.install(), System.err, System.getenv(), Clock.systemUTC(),
                System.console() != null);
    }
}
