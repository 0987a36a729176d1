package org.bayard.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code bayard} command in a JVM of its own, for what only a real process shows: a heap limit,
 * a signal. It gets no configuration or store from the environment the tests run in.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** Kills {@code process} (if any) and waits for it: a test's cleanup, whatever state the test left it in. */
    static void kill(Process process) throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static ProcessBuilder bayard(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("BAYARD_CONFIG");
        pb.environment().remove("BAYARD_DB");
        return pb;
    }
}
