package org.bayard.app;

import java.util.ArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The processes a test started (a child serve, smtp-sink, swaks), killed after each test, after
 * the class's own {@code @AfterEach} (which closes in-process gates first). A list, so that
 * helpers such as {@link SmtpSink#start} add to it as before.
 */
final class ChildProcesses extends ArrayList<Process> implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Process p : this) ChildJvm.kill(p);
        clear();
    }
}
