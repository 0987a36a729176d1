package org.bayard.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * strace, the real one, around a child process: to see the order of its system calls, or to make
 * some of them fail (fault injection). A missing strace fails the test that needs it.
 */
final class Strace {
    private Strace() {}

    /**
     * Attaches to every thread of a running process with {@code options} (e.g. {@code -e
     * inject=fsync:error=EIO}), and returns once it is attached. Destroying the returned process
     * (SIGTERM) detaches it and lets the traced process run on untouched.
     */
    static Process attach(long pid, Path dir, List<Process> processes, String... options) throws Exception {
        Path err = dir.resolve("strace-" + pid + ".err");
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-p", Long.toString(pid), "-o", dir.resolve("strace-" + pid + ".txt").toString()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        processes.add(p);
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < end; Thread.sleep(20)) {
            if (Files.exists(err) && Files.readString(err).contains("attached")) return p;
            if (!p.isAlive()) break;
        }
        throw new AssertionError("strace did not attach: " + (Files.exists(err) ? Files.readString(err) : "no output"));
    }

    /** Detaches a strace from {@link #attach} and waits until it has. */
    static void detach(Process strace) throws InterruptedException {
        strace.destroy();
        if (!strace.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("strace did not detach");
    }

    /**
     * One system call of a trace written with {@code -f -y}: its text (the call, with paths for
     * descriptors, and its result) and the lines where it began and where it ended, which differ
     * when another thread's call was written in between (strace's "unfinished" and "resumed").
     */
    record Call(String text, int began, int ended) {
        boolean is(String name) {
            return text.startsWith(name + "(");
        }
    }

    /** The calls of a trace file, in the order they began. */
    static List<Call> calls(Path trace) throws IOException {
        List<String> lines = Files.readAllLines(trace, java.nio.charset.StandardCharsets.ISO_8859_1);
        List<Call> calls = new ArrayList<>();
        Map<String, Integer> pending = new HashMap<>(); // pid -> index in calls of its unfinished call
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int sp = line.indexOf(' ');
            if (sp < 0) continue;
            String pid = line.substring(0, sp);
            String rest = line.substring(sp).strip();
            if (rest.startsWith("<...")) {
                Integer at = pending.remove(pid);
                if (at == null) continue;
                Call begun = calls.get(at);
                String tail = rest.substring(rest.indexOf("resumed>") + "resumed>".length());
                calls.set(at, new Call(begun.text() + tail, begun.began(), i));
            } else if (rest.endsWith("<unfinished ...>")) {
                pending.put(pid, calls.size());
                calls.add(new Call(rest.substring(0, rest.length() - "<unfinished ...>".length()), i, i));
            } else if (!rest.startsWith("+++") && !rest.startsWith("---")) {
                calls.add(new Call(rest, i, i));
            }
        }
        return calls;
    }
}
