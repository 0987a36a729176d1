package org.bayard.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bayard.app.cli.OutOfMemoryExit;

/**
 * A JVM whose one-shot command's handler of uncaught errors is in place, whose heap is filled to
 * the last few bytes, and whose main thread then ends with an error that is no OutOfMemoryError
 * but comes of one: "NoClassDefFoundError: Could not initialize class", as a thread meets it
 * after another thread's initialising of that class ran out of heap. Printing its trace needs
 * the heap that is out; ending the JVM with the line of advice needs the JDK's classes for
 * writing to standard error and for halting, loaded first when the heap is full.
 */
public final class FullHeapThenAnotherError {
    /** Kept reachable to the end, so that the heap stays full. */
    private static final List<Object> HOARD = new ArrayList<>(1 << 16);

    private FullHeapThenAnotherError() {}

    public static void main(String[] args) {
        OutOfMemoryExit.installFor(AppContext.system(), new Object(), Optional.empty(), 1);
        // made while there is room, as the JVM makes it: the class's first error is named in a message only
        NoClassDefFoundError error = new NoClassDefFoundError("Could not initialize class org.bayard.Example");
        error.initCause(new ExceptionInInitializerError("Exception java.lang.OutOfMemoryError: Java heap space [in thread \"worker\"]"));
        for (int size = 1 << 16; size > 0; size /= 2) {
            try {
                while (true) HOARD.add(new long[size]);
            } catch (OutOfMemoryError full) {
                // smaller pieces fill what is left
            }
        }
        throw error;
    }
}
