package org.bayard.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link SmallDisk} of one size mounted on a folder of its own before each test, and unmounted
 * after it: after the class's own {@code @AfterEach}, which closes what still has files open on it.
 */
final class SmallDiskPerTest implements BeforeEachCallback, AfterEachCallback {
    private final String size;
    private Path folder;
    private SmallDisk disk;

    /** A disk of {@code size} (mount's units: 64k, 3m). */
    SmallDiskPerTest(String size) {
        this.size = size;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        folder = Files.createTempDirectory("bayard-small-disk");
        disk = SmallDisk.mount(folder, size);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (disk != null) disk.close();
        disk = null;
        Files.deleteIfExists(folder); // empty once unmounted
    }

    /** Grows or shrinks the disk to {@code size}, keeping what it holds. */
    void resize(String size) throws Exception {
        disk.resize(size);
    }

    /** The mounted disk's top folder. */
    Path folder() {
        return folder;
    }
}
