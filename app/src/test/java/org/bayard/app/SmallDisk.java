package org.bayard.app;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tmpfs of a few kilobytes or megabytes mounted on a test's folder: a disk that fills up for
 * real. Mounting needs root, as the suite has in CI; elsewhere the test is skipped. A test
 * unmounts it in its {@code @AfterEach} with {@link #close}.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path folder;
    private boolean mounted;

    private SmallDisk(Path folder) {
        this.folder = folder;
    }

    /** A disk of {@code size} (mount's units: 64k, 3m) on {@code folder}, made if need be, that every user may read (0755). */
    public static SmallDisk mount(Path folder, String size) throws IOException, InterruptedException {
        return mount(folder, size, "0755");
    }

    /** As above, its top folder with {@code mode}. */
    public static SmallDisk mount(Path folder, String size, String mode) throws IOException, InterruptedException {
        assumeThat(System.getProperty("user.name")).as("mounting a tmpfs needs root").isEqualTo("root");
        Files.createDirectories(folder);
        Commands.succeeds("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=" + mode, "tmpfs", folder.toString());
        SmallDisk disk = new SmallDisk(folder);
        disk.mounted = true;
        return disk;
    }

    /** Grows or shrinks the mounted disk to {@code size}, keeping what it holds. */
    public void resize(String size) throws IOException, InterruptedException {
        Commands.succeeds("mount", "-o", "remount,size=" + size, folder.toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!mounted) return;
        mounted = false;
        Commands.succeeds("umount", folder.toString());
    }
}
