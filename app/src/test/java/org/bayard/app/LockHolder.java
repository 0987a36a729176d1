package org.bayard.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.bayard.app.gate.Blocklist;
import org.bayard.core.token.Tokenizer;
import org.bayard.store.lmdb.LmdbTokenStore;

/**
 * Another process holding one of the locks writers take, as a long {@code bayard train}, a
 * stopped {@code bayard learn} or a {@code bayard db import} does: {@code store DIR} holds the
 * store's write lock (inside a write transaction), {@code blocklist DIR} the blocklist's lock.
 * It prints {@code holding} once it has the lock and lets go when a line (or the end) comes on
 * stdin, then prints {@code released}.
 */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (args[0].equals("store")) {
            try (LmdbTokenStore store = LmdbTokenStore.open(dir, Tokenizer.VERSION)) {
                store.write(view -> {
                    holdUntilTold(stdin);
                    return null;
                });
            }
        } else {
            try (FileChannel channel = FileChannel.open(dir.resolve(Blocklist.FILE + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                holdUntilTold(stdin);
            }
        }
        System.out.println("released");
        System.out.flush();
    }

    private static void holdUntilTold(BufferedReader stdin) {
        System.out.println("holding");
        System.out.flush();
        try {
            stdin.readLine();
        } catch (java.io.IOException e) {
            // the test went away: let go
        }
    }

    /** Starts a holder of {@code what} ("store" or "blocklist") on {@code dir} and waits until it holds the lock. */
    public static Process start(String what, Path dir, List<Process> processes) throws Exception {
        Process p = ChildJvm.java(LockHolder.class, List.of(), what, dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(p);
        String line = Commands.linesOf(p).next(60); // a holder that never gets the lock fails the test, not hangs it
        if (!"holding".equals(line)) throw new IllegalStateException("the lock holder said " + line + " instead of holding");
        return p;
    }

    /** Tells a holder to let go. */
    public static void letGo(Process holder) throws java.io.IOException {
        holder.getOutputStream().write('\n');
        holder.getOutputStream().flush();
    }

    /** Sends {@code signal} (STOP, CONT) to {@code p}, as kill(1) does. */
    public static void signal(Process p, String signal) throws Exception {
        int status = Commands.run("kill", "-" + signal, Long.toString(p.pid())).exit();
        if (status != 0) throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed: " + status);
    }
}
