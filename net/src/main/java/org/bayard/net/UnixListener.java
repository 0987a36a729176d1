package org.bayard.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A listening Unix domain socket. The socket's file is made with the permissions asked for and
 * removed at the close; one left by a process that ended without removing it (killed, or the
 * machine's power gone) is removed at the start, one another process listens on is not.
 */
final class UnixListener implements Listener {
    /** A socket in a file's type bits (S_IFSOCK), and the mask that holds them (S_IFMT). */
    private static final int SOCKET_TYPE = 0140000, TYPE_MASK = 0170000;

    private final ServerSocketChannel channel;
    private final ListenAddress.Unix bound;
    /** The socket file's identity when made: the close removes that file, not one put in its place since. */
    private final Object fileKey;

    private UnixListener(ServerSocketChannel channel, ListenAddress.Unix bound, Object fileKey) {
        this.channel = channel;
        this.bound = bound;
        this.fileKey = fileKey;
    }

    static UnixListener open(ListenAddress.Unix at, int backlog) throws IOException {
        Path path = at.path();
        Path folder = path.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) throw new IOException("the folder " + folder + " does not exist");
        removeStale(path);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(path), backlog);
            Files.setPosixFilePermissions(path, at.permissions());
            return new UnixListener(channel, at, attributes(path).fileKey());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Removes a socket file no process listens on; refuses a live one and anything not a socket. */
    private static void removeStale(Path path) throws IOException {
        try {
            attributes(path);
        } catch (NoSuchFileException none) {
            return;
        }
        if (!isSocket(path)) throw new IOException(path + " exists and is not a socket: move it away, or listen elsewhere");
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("another process listens on " + path + " (a bayard serve running already?)");
        } catch (ConnectException refused) {
            Files.deleteIfExists(path); // left by a process that ended without removing it
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & TYPE_MASK) == SOCKET_TYPE;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return attributes(path).isOther(); // a socket, a FIFO or a device: a system without the view says no more
        }
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public Link accept() throws IOException {
        return new UnixLink(channel.accept(), bound.describe());
    }

    @Override
    public boolean isClosed() {
        return !channel.isOpen();
    }

    @Override
    public ListenAddress bound() {
        return bound;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing what is closing anyway
        }
        try {
            if (fileKey.equals(attributes(bound.path()).fileKey())) Files.delete(bound.path());
        } catch (IOException goneOrReplaced) {
            // removed already, or another's now: not ours to remove
        }
    }
}
