package org.bayard.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * This test JVM's class path copied into a folder, readable by all, for a test that runs Bayard
 * as another user. Why copies of the class folders too, not only of the jars in root's Maven
 * repository: the checkout may sit where that user cannot read (a clone in a folder of root's
 * alone gave "Could not find or load main class org.bayard.app.Main").
 */
final class ClassPathCopy {
    private ClassPathCopy() {}

    /** The copies, in class path order, inside {@code folder} (made here). */
    static List<Path> into(Path folder) throws IOException {
        Files.createDirectories(folder);
        readableByAll(folder);
        List<Path> copies = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry).toAbsolutePath();
            if (Files.exists(source)) copies.add(copy(source, folder.resolve(copies.size() + "-" + source.getFileName())));
        }
        return copies;
    }

    private static Path copy(Path source, Path target) throws IOException {
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : s.toList()) readableByAll(Files.copy(p, target.resolve(source.relativize(p).toString())));
        }
        return target;
    }

    private static void readableByAll(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
    }
}
