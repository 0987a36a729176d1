package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bayard ARGS} in this JVM, with one more thread that runs the heap out once the command
 * has the store {@code bayard.test.db} open: an OutOfMemoryError on a thread other than main, as
 * the store's writer thread met one in a small heap. Its own thread, rather than the writer,
 * because where an OutOfMemoryError lands in a real run depends on the heap's state at that
 * moment; the command cannot tell the two apart. It begins {@code bayard.test.hog-after-ms}
 * (300 unless set) after the store is open: 0 strikes a command still at its first write. With
 * {@code bayard.test.hog-when-open} it waits instead for a file whose path begins so (a
 * temporary file the command is writing); with {@code bayard.test.hog-when-in} (a class's full name,
 * a dot, a method's name) it waits until the command's thread is in that method, a point the
 * command reaches later than the store's opening, which a loaded machine made longer than 300 ms.
 */
public final class HeapHogThenBayard {
    /** How the line a command out of heap ends with begins. */
    static final String ADVICE = "bayard: out of memory (the JVM's heap limit is ";

    private HeapHogThenBayard() {}

    /** {@code bayard ARGS} through this class, in a JVM of its own with {@code jvmOptions} (the hog's properties among them). */
    static ProcessBuilder command(List<String> jvmOptions, String... args) {
        return ChildJvm.java(HeapHogThenBayard.class, jvmOptions, args);
    }

    /**
     * Runs {@link #command} with empty input and its output in {@code printed}, for two minutes at
     * most, and checks it ended as a command out of heap does: by itself, exit code 1, and that
     * line alone. Returns what it said, for the test's own messages.
     */
    static String endsOutOfHeap(ChildProcesses processes, Path printed, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        Process child = command(jvmOptions, args).redirectErrorStream(true).redirectOutput(printed.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        processes.add(child);
        boolean ended = child.waitFor(120, TimeUnit.SECONDS);
        if (!ended) child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        String said = Files.readString(printed);
        assertThat(ended).as("ended by itself; said: " + said).isTrue();
        assertThat(child.exitValue()).as(said).isEqualTo(1);
        assertThat(said.lines()).as(said).singleElement().asString().startsWith(ADVICE);
        return said;
    }

    public static void main(String[] args) {
        String awaited = System.getProperty("bayard.test.hog-when-open",
                Path.of(System.getProperty("bayard.test.db")).resolve("data.mdb").toAbsolutePath().toString());
        long after = Long.getLong("bayard.test.hog-after-ms", 300);
        String method = System.getProperty("bayard.test.hog-when-in");
        Thread command = Thread.currentThread();
        Thread.ofPlatform().name("bayard-test-hog").daemon(true).start(() -> {
            while (!holdsOpen(awaited)) pause(after == 0 ? 1 : 10);
            while (method != null && !isIn(command, method)) pause(10);
            pause(after);
            List<long[]> hoard = new ArrayList<>();
            while (true) hoard.add(new long[1 << 16]);
        });
        Main.main(args);
    }

    /** Whether {@code thread} is running {@code method} (a class's full name, a dot, the method's name), as its stack shows. */
    private static boolean isIn(Thread thread, String method) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (method.equals(frame.getClassName() + "." + frame.getMethodName())) return true;
        }
        return false;
    }

    /** Whether this process has a file open whose path begins with {@code file}, as the store holds its data file from its opening on. */
    private static boolean holdsOpen(String file) {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith(file);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
