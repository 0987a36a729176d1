package org.bayard.net;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Where a door listens: a TCP address, or the path of a Unix domain socket. */
public sealed interface ListenAddress {
    /** What the log and the start lines say: {@code host:port}, or {@code unix:PATH}. */
    String describe();

    /** A TCP address; port 0 is any free port. */
    record Tcp(InetSocketAddress address) implements ListenAddress {
        @Override
        public String describe() {
            return address.getHostString() + ":" + address.getPort();
        }
    }

    /**
     * A Unix domain socket at {@code path}, made with {@code permissions} (the MTA's user must be
     * able to write to it: Postfix's smtpd runs as {@code postfix}).
     */
    record Unix(Path path, Set<PosixFilePermission> permissions) implements ListenAddress {
        public Unix {
            permissions = Set.copyOf(permissions);
        }

        @Override
        public String describe() {
            return "unix:" + path;
        }
    }
}
