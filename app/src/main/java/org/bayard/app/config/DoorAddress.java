package org.bayard.app.config;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.bayard.net.ListenAddress;

/**
 * Where a door the MTA talks to (milter, spamd) listens, as Postfix and Sendmail write it: a
 * TCP {@code host:port} (also {@code inet:host:port}, and Sendmail's {@code inet:port@host}), or
 * a Unix socket, {@code unix:/path} (also {@code local:/path}, or the bare absolute path).
 */
public final class DoorAddress {
    /** What a socket's path may hold: sun_path is 108 bytes, its last a NUL. */
    static final int MAX_SOCKET_PATH_BYTES = 107;
    /** The socket's owner and group read and write: the MTA's user joins the group (Postfix's postfix user). */
    public static final int DEFAULT_SOCKET_MODE = 0660;

    private DoorAddress() {}

    /** {@code value} parsed, a Unix socket made with {@code socketMode}; a mistake names {@code key}. */
    public static ListenAddress parse(String value, int socketMode, String key) {
        String v = value.strip();
        for (String prefix : new String[] {"unix:", "local:"}) {
            if (v.startsWith(prefix)) return unix(v.substring(prefix.length()), socketMode, key, value);
        }
        if (v.startsWith("/")) return unix(v, socketMode, key, value);
        if (v.startsWith("inet:")) v = v.substring("inet:".length());
        int at = v.indexOf('@');
        if (at >= 0) v = v.substring(at + 1) + ":" + v.substring(0, at); // Sendmail's and miltertest's port@host
        InetSocketAddress tcp = HostPort.parse(v, key);
        return new ListenAddress.Tcp(tcp);
    }

    private static ListenAddress unix(String path, int socketMode, String key, String value) {
        if (!path.startsWith("/")) {
            throw new ConfigException(key + ": a Unix socket's path must be absolute (unix:/run/bayard/milter.sock), got '" + value + "'");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            throw new ConfigException(key + ": a Unix socket's path may be at most " + MAX_SOCKET_PATH_BYTES + " bytes long, got '" + value + "'");
        }
        return new ListenAddress.Unix(Path.of(path), permissions(socketMode));
    }

    /** The permissions of {@code mode}'s nine low bits ({@code 0660}: rw-rw----). */
    static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder rwx = new StringBuilder();
        for (int bit = 8; bit >= 0; bit--) rwx.append((mode >> bit & 1) == 0 ? '-' : "rwx".charAt((8 - bit) % 3));
        return PosixFilePermissions.fromString(rwx.toString());
    }

    /** {@code "0660"}: a mode as it is written in the file and in config dump. */
    public static String octal(int mode) {
        return String.format("0%03o", mode);
    }
}
