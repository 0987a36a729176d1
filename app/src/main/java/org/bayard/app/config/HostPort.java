package org.bayard.app.config;

import java.net.InetSocketAddress;

/** {@code host:port} or {@code [v6]:port} from the configuration, checked, never resolved by DNS here. */
public final class HostPort {
    private HostPort() {}

    public static InetSocketAddress parse(String s, String key) {
        InetSocketAddress written = unresolved(s, key);
        return new InetSocketAddress(written.getHostString(), written.getPort());
    }

    /** As {@link #parse}, the host left as written, not looked up: for a name to be looked up at each connection. */
    public static InetSocketAddress unresolved(String s, String key) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) throw new ConfigException(key + " must be host:port, got '" + s + "'");
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be host:port, got '" + s + "'");
        }
        if (port < 0 || port > 65535) throw new ConfigException(key + ": the port must be between 0 and 65535, got " + port);
        return InetSocketAddress.createUnresolved(host, port);
    }
}
