package org.bayard.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The JVM's name resolver in these tests (registered in META-INF/services): it records every name
 * looked up and answers {@link #TRAP} with {@link #TRAP_ADDRESS}, passing the rest to the
 * built-in resolver, so a test sees whether the code under test asked DNS for anything.
 */
public final class LookupSpy extends InetAddressResolverProvider {
    /** A name made of hex letters and dots, which looks like an address to a loose check. */
    public static final String TRAP = "cafe.de";
    public static final String TRAP_ADDRESS = "192.0.2.99";
    public static final List<String> LOOKED_UP = new CopyOnWriteArrayList<>();

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                LOOKED_UP.add(host);
                if (host.equalsIgnoreCase(TRAP)) return Stream.of(InetAddress.getByAddress(host, new byte[] {(byte) 192, 0, 2, 99}));
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "bayard-test-lookup-spy";
    }
}
