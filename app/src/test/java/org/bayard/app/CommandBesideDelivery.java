package org.bayard.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A command run on a thread of its own in this JVM while a delivery holds a mailbox's lock (see
 * {@link LockingDelivery}), and the moment that shows it waits for that lock: it holds the mailbox
 * open, has read or written none of it, and sleeps between its tries. A command that did not wait
 * would read or write the mailbox at once; a fixed pause only guessed when it had had its chance.
 */
record CommandBesideDelivery(Thread thread, FutureTask<Cli.Result> result) {

    static CommandBesideDelivery start(Callable<Cli.Result> command) {
        FutureTask<Cli.Result> result = new FutureTask<>(command);
        return new CommandBesideDelivery(Thread.ofPlatform().name("command-beside-delivery").daemon(true).start(result), result);
    }

    /** Waits up to 30 s until the command waits for the lock on {@code mailbox}; fails if it ends or reads it first. */
    void untilWaitingFor(Path mailbox) throws Exception {
        Path box = mailbox.toRealPath();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!thread.isAlive()) throw new AssertionError("the command ended without waiting for the delivery's lock on " + box);
            if (thread.getState() == Thread.State.TIMED_WAITING && openUntouched(box)) return;
            Thread.sleep(10);
        }
        throw new AssertionError("the command did not wait for the delivery's lock on " + box + " within 30 s");
    }

    /** Whether this process holds {@code box} open at offset 0: opened, and nothing read or written through it yet. */
    private static boolean openUntouched(Path box) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(box)
                            && Files.readAllLines(Path.of("/proc/self/fdinfo").resolve(fd.getFileName())).contains("pos:\t0")) {
                        return true;
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed between the listing and its reading is not the mailbox's
                }
            }
        }
        return false;
    }
}
