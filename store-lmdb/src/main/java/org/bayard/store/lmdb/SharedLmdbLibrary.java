package org.bayard.store.lmdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Makes lmdbjava load one copy of its bundled LMDB library shared by all of a user's Bayard
 * processes, instead of extracting a copy of its own in each.
 *
 * <p>Why: lmdbjava 0.9.3 ({@code org.lmdbjava.Library}) copies the library (361 KB on x86-64 Linux)
 * to a new {@code lmdbjava-native-library-NNN.so} in {@code java.io.tmpdir} in every JVM and
 * deletes it with {@code deleteOnExit}, which never runs when the JVM is killed: SIGKILL from the
 * OOM killer or {@code kill -9}, a timeout, a crash. Each such death left a file for good, so a
 * {@code bayard serve} that the OOM killer keeps restarting, or a cron {@code bayard train}, slowly
 * filled /tmp. Instead the library goes once, named by its content's hash, into
 * {@code bayard-native-USER} ({@code bayard-native-uid-UID} for a uid without a name, see
 * {@link NativeDirectory}) next to where lmdbjava would have extracted it (its
 * {@code lmdbjava.extract.dir}, else {@code java.io.tmpdir}: the same file system, so a library
 * lmdbjava could have loaded loads from there too), and {@code lmdbjava.native.lib} points at it.
 * A killed process leaves nothing behind; a new lmdbjava with other library bytes adds one file.
 *
 * <p>Whatever stands in the way falls back, silently, to lmdbjava's own extraction, which is no
 * worse than before: a {@code lmdbjava.native.lib} the user set (respected as it is), a platform
 * lmdbjava bundles no library for, a read-only or full tmp, a directory of that name that is not
 * private to this user (see {@link PrivateDirectory}), a file system without POSIX permissions.
 *
 * <p>lmdbjava reads {@code lmdbjava.native.lib} once, when {@code TargetName} initializes, which
 * happens when the first environment is created; {@link LmdbTokenStore} calls {@link #arrangeOnce}
 * before creating one. Once per process, reading the resource (as lmdbjava did to extract it),
 * hashing it (3 to 7 ms in a fresh JVM) and comparing the existing copy (7 to 12 ms) costs little:
 * a {@code bayard db stats} took 1.5% more CPU than with lmdbjava's extraction (median of 30
 * alternating pairs of runs; old against old: 1.000).
 */
final class SharedLmdbLibrary {
    static final String NATIVE_LIB_PROPERTY = "lmdbjava.native.lib";
    static final String EXTRACT_DIR_PROPERTY = "lmdbjava.extract.dir";

    private static boolean arranged;

    private SharedLmdbLibrary() {}

    /** Arranges the shared copy for this JVM's system properties, the first time it is called. */
    static synchronized void arrangeOnce() {
        if (!arranged) {
            arranged = true;
            arrange(System.getProperties(), resourceLoader());
        }
    }

    /**
     * Points {@code lmdbjava.native.lib} in {@code props} at the shared copy of the library found
     * through {@code loader}, writing the copy if needed.
     *
     * @return the copy, or empty when lmdbjava is left to do as it always did
     */
    static Optional<Path> arrange(Properties props, ClassLoader loader) {
        String userSet = props.getProperty(NATIVE_LIB_PROPERTY);
        if (userSet != null && !userSet.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<String> resource = LmdbLibraryResource.name(props);
            byte[] library = resource.isPresent() ? read(loader, resource.get()) : null;
            if (library == null) {
                return Optional.empty();
            }
            PrivateDirectory dir = NativeDirectory.of(props).claim();
            Path copy = ContentAddressedCopy.of(library, "lmdb", extension(resource.get()), dir);
            props.setProperty(NATIVE_LIB_PROPERTY, copy.toString());
            return Optional.of(copy);
        } catch (IOException | RuntimeException e) {
            // Not worth stopping the store for: lmdbjava's own extraction still works (and leaks).
            return Optional.empty();
        }
    }

    /** Where lmdbjava extracts its library: {@code lmdbjava.extract.dir}, else {@code java.io.tmpdir}. */
    static String extractionDirectory(Properties props) {
        return props.getProperty(EXTRACT_DIR_PROPERTY, props.getProperty("java.io.tmpdir"));
    }

    /** The resource's bytes, or null when there is no such resource. */
    private static byte[] read(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static String extension(String resource) {
        int dot = resource.lastIndexOf('.');
        return dot > resource.lastIndexOf('/') ? resource.substring(dot) : "";
    }

    /** The class loader lmdbjava reads the resource with: the thread's context loader. */
    private static ClassLoader resourceLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SharedLmdbLibrary.class.getClassLoader();
    }
}
