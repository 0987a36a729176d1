package org.bayard.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A delivery agent appending to an mbox, run as a process of its own (a lock taken in the test's
 * JVM would be the reader's own): it takes an exclusive fcntl lock on the mailbox, as Postfix's
 * local(8), Exim and procmail do, writes the first part of its message, says {@code locked}, and
 * writes the rest and lets go once a line comes on its standard input.
 *
 * <p>Arguments: the mailbox, the file whose bytes it appends first, the file whose bytes it appends last.
 */
public final class LockingDelivery {
    private LockingDelivery() {}

    public static void main(String[] args) throws Exception {
        Path box = Path.of(args[0]);
        try (FileChannel channel = FileChannel.open(box, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             FileLock lock = channel.lock()) {
            channel.write(ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))));
            channel.force(true);
            System.out.println("locked");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            channel.write(ByteBuffer.wrap(Files.readAllBytes(Path.of(args[2]))));
            channel.force(true);
        }
        System.out.println("delivered");
    }
}
