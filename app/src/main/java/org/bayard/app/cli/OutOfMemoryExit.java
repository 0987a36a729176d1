package org.bayard.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.bayard.app.AppContext;
import org.bayard.app.Main;
import org.bayard.core.HaltCleanups;

/**
 * A one-shot command's line when the heap runs out, and its end by a halt. The main thread's
 * error reaches {@link Main}, which has it said and ended here ({@link #endCommandThread}); another
 * thread's (the store's writer, a preparing thread) killed that thread only, with "Exception in
 * thread" and its trace, and a command waiting for the thread waited for ever: tte in a 12 MB
 * heap lost its writer so, the JVM spun in GC and ignored SIGTERM, and needed SIGKILL. This
 * handler, the default for every thread, says the same line and halts at once instead, with
 * exit 1 (75 for a trap address's pipe). Halting runs no shutdown hooks, which could wait on the dead thread too; an LMDB write
 * transaction not committed is gone with the process, so the store stays whole; the outputs'
 * temporary files are deleted here first, and so is what the command registered with
 * {@link HaltCleanups} (the new store of a restore that did not take the dump).
 *
 * <p>Not for {@code serve}, which its launcher runs with -XX:+ExitOnOutOfMemoryError for its
 * supervisor to restart, nor {@code filter}, whose message must go out unchanged on any failure
 * (see {@link #besideFilter}).
 */
public final class OutOfMemoryExit implements Thread.UncaughtExceptionHandler {
    /** Guards {@link #said}: the main thread and another can both run out, and the line is said once. */
    private static final Object SAYING = new Object();
    /** Whether the line was said whole; a saying cut short by the heap is tried again by the handler. */
    private static boolean said;
    /** Held by the thread that ends the JVM, from its line to the halt. */
    private static final Object ENDING = new Object();
    /** Set once a thread has begun to end the JVM: see {@link #awaitHaltIfEnding}. */
    private static volatile boolean ending;
    /** Made beforehand, as making one may need the heap that is out. */
    private static final OutOfMemoryError HEAP_RAN_OUT = new OutOfMemoryError("Java heap space");
    /** The class's name, as the JVM's message of an ExceptionInInitializerError names it; not a literal, whose first use makes a String. */
    private static final String OUT_OF_MEMORY = OutOfMemoryError.class.getName();

    private final AppContext ctx;
    private final int exitCode;
    // Encoded beforehand: with the heap full, building and encoding a line may itself run out.
    private final byte[] heapLine;
    private final byte[] threadsLine;

    private OutOfMemoryExit(AppContext ctx, Optional<String> lessAtOnce, int exitCode) {
        this.ctx = ctx;
        this.exitCode = exitCode;
        this.heapLine = encoded(ctx.err(), line(new OutOfMemoryError("Java heap space"), lessAtOnce));
        this.threadsLine = encoded(ctx.err(), line(new OutOfMemoryError("unable to create native thread"), lessAtOnce));
    }

    private static byte[] encoded(PrintStream err, String line) {
        return (line + System.lineSeparator()).getBytes(err.charset());
    }

    /**
     * Makes this the default handler of uncaught errors for the run of {@code command}, unless it
     * is serve or filter, which have their own ends (see the class comment): serve's JVM keeps the
     * JDK's handler, filter's gets {@link #besideFilter}. The JVM ends with
     * {@code exitCode}: 1, or 75 for a trap address's pipe (see {@link TrapPipeExits}).
     */
    public static void installFor(AppContext ctx, Object command, Optional<String> lessAtOnce, int exitCode) {
        if (command instanceof FilterCommand) {
            Thread.setDefaultUncaughtExceptionHandler(OutOfMemoryExit::besideFilter);
            return;
        }
        if (command instanceof ServeCommand) return;
        readyTheHalt();
        Thread.setDefaultUncaughtExceptionHandler(new OutOfMemoryExit(ctx, lessAtOnce, exitCode));
    }

    /**
     * Loads and initialises, while there is heap, the JDK's classes that the halt and the first
     * write to standard error use: with the heap full to its last bytes, their first use ran out,
     * the line was not written, the halt threw instead of ending the JVM, and the JVM printed
     * "OutOfMemoryError thrown from the UncaughtExceptionHandler". (A little heap kept aside and
     * let go in the handler did not help: the first use still ran out.)
     */
    private static void readyTheHalt() {
        for (String used : List.of("java.lang.Shutdown", "jdk.internal.misc.Blocker")) { // by the halt, and by the first write to stderr
            try {
                Class.forName(used);
            } catch (ClassNotFoundException | LinkageError e) {
                // another JDK's: it loads what it needs at its first use, as before
            }
        }
    }

    /** The one line for {@code e}; {@code lessAtOnce}, when there is one, is how this command does less at once. */
    public static String line(OutOfMemoryError e, Optional<String> lessAtOnce) {
        if (String.valueOf(e.getMessage()).contains("native thread")) {
            return "bayard: the system refused to start another thread (its limit on threads or memory);"
                    + " ask for fewer with --threads";
        }
        return "bayard: out of memory (the JVM's heap limit is " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB): give it more with BAYARD_JAVA_OPTS=-Xmx..." + lessAtOnce.map(s -> ", or do less at once (" + s + ")").orElse("");
    }

    /**
     * Says the line for {@code e}, which reached the command's own thread once its {@code finally}
     * blocks had run. In a JVM of the command's own (this handler installed) it then halts as
     * another thread's error does, rather than return for {@code System.exit}: the JDK's
     * {@code Runtime.exit} first asks its logger ({@code System.Logger} "java.lang.Runtime") whether
     * to log the exit, and with another thread still filling the heap, finding that logger failed
     * and the JVM printed a second line, "Runtime.exit(1) logging failed: ...". Returns only in a
     * JVM the command shares (a test's), where the line is all there is to do.
     */
    public static void endCommandThread(PrintStream err, OutOfMemoryError e, Optional<String> lessAtOnce) {
        if (Thread.getDefaultUncaughtExceptionHandler() instanceof OutOfMemoryExit installed) {
            installed.uncaughtException(Thread.currentThread(), e);
        }
        say(err, line(e, lessAtOnce));
    }

    /**
     * Waits for the halt when another thread has begun to end the JVM out of heap; returns at
     * once otherwise. For a thread about to report a failure of its own (the command's thread,
     * or any other's uncaught error): the halt's cleanups or the heap's running out may be what
     * made it fail (a new store's files taken away under a restore, which then said "cannot read
     * .../data.mdb" after the out-of-heap line), and the one line said is the one that is true.
     */
    public static void awaitHaltIfEnding() {
        if (!ending) return;
        synchronized (ENDING) {
            // the thread that set ending holds this until it halts: never reached in a JVM that halts
        }
    }

    /** Prints {@code line} to {@code err} unless it was said already, by this handler or {@link Main}. */
    public static void say(PrintStream err, String line) {
        synchronized (SAYING) {
            if (said) return;
            err.println(line); // may run out of heap itself: then said stays false
            said = true;
        }
    }

    private static void say(PrintStream err, byte[] line) {
        synchronized (SAYING) {
            if (said) return;
            err.write(line, 0, line.length);
            err.flush();
            said = true;
        }
    }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
        OutOfMemoryError oom = outOfMemory(e);
        if (oom == null) {
            // Once another thread ends the JVM out of heap, a failure here is likely its consequence: a
            // class whose loading that ran out ("NoClassDefFoundError: Could not initialize class"), a
            // store file its cleanup took away. Its trace after the out-of-heap line said nothing true.
            awaitHaltIfEnding();
            try {
                // what the JVM prints without a handler (it would call this one again if asked), made
                // whole before any of it is printed: making it may need the heap that is out
                System.err.print(trace(thread, e));
                return;
            } catch (OutOfMemoryError whileSaying) {
                // the heap ran out here too, before the thread that ran out first set ending (CI saw
                // the JVM's "OutOfMemoryError thrown from the UncaughtExceptionHandler" after the line):
                // this thread ends the JVM as that one would
                oom = whileSaying;
            }
        }
        // One thread at a time ends the JVM: a second thread out of heap halted while the first still
        // ran the cleanups, cutting them short. The first halts, so the second never gets further.
        synchronized (ENDING) {
            ending = true;
            try {
                ctx.out().flush();
                say(ctx.err(), String.valueOf(oom.getMessage()).contains("native thread") ? threadsLine : heapLine);
            } catch (Throwable again) {
                // out of memory again, or the output gone: the exit code still says it failed
            }
            try {
                TemporaryFiles.deleteAll();
            } catch (Throwable again) {
                // a .part file left: the cleanups below matter more
            }
            try {
                HaltCleanups.runAll(); // what the command's finally blocks and hooks would have done (a new store a restore began)
            } finally {
                Runtime.getRuntime().halt(exitCode);
            }
        }
    }

    /**
     * Another thread's uncaught error in filter's JVM. Out of heap, it says nothing: the heap is
     * filter's too, whose own thread then says the one line and passes the message on unchanged,
     * or finishes when the heap it needed was there after all; the other thread's trace (jnr's
     * finalizer, meeting the full heap first) made a second account of that one failure, in the
     * mail system's log. Any other error's trace is printed as the JVM prints it.
     */
    private static void besideFilter(Thread thread, Throwable e) {
        if (outOfMemory(e) == null) System.err.print(trace(thread, e));
    }

    private static String trace(Thread thread, Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        text.write("Exception in thread \"" + thread.getName() + "\" ");
        e.printStackTrace(new java.io.PrintWriter(text, true));
        return text.toString();
    }

    /**
     * {@code e} or the first of its causes that is an OutOfMemoryError (a library may wrap it); for
     * a class whose initialisation ran out of heap, used again ("NoClassDefFoundError: Could not
     * initialize class", caused by an ExceptionInInitializerError that names the OutOfMemoryError
     * in its message only), an OutOfMemoryError for it; null otherwise.
     */
    private static OutOfMemoryError outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) return oom;
            if (t instanceof ExceptionInInitializerError init && init.getMessage() != null && init.getMessage().contains(OUT_OF_MEMORY)) {
                return HEAP_RAN_OUT;
            }
        }
        return null;
    }
}
