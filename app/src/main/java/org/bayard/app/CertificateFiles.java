package org.bayard.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.bayard.app.config.ConfigException;
import org.bayard.net.tls.TlsCredentials;
import org.bayard.net.tls.TlsServer;

/**
 * A certificate and key as two configuration keys name them (the SMTP gate's STARTTLS, the HTTP
 * service's HTTPS, the gate's own towards its next hop), read from their PEM files: at serve's start, at each reload and by
 * {@code config check}. A file that will not do is a ConfigException naming its key and why.
 */
public final class CertificateFiles {
    private CertificateFiles() {}

    /**
     * The identity in {@code certFile} and {@code keyFile} (the certificate's file when empty), named
     * {@code certKey} and {@code keyKey} in the configuration; empty when no certificate is named.
     */
    public static Optional<TlsServer.Identity> read(Optional<String> certFile, Optional<String> keyFile, String certKey, String keyKey) {
        return readWith(TlsServer::identity, certFile, keyFile, certKey, keyKey);
    }

    /** As {@link #read}, for a client that shows its certificate to a server that asks for one (the gate's next hop). */
    public static Optional<TlsCredentials> readClient(Optional<String> certFile, Optional<String> keyFile, String certKey, String keyKey) {
        return readWith(TlsCredentials::read, certFile, keyFile, certKey, keyKey);
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(Path certFile, Path keyFile) throws IOException;
    }

    private static <T> Optional<T> readWith(Reader<T> reader, Optional<String> certFile, Optional<String> keyFile, String certKey,
                                            String keyKey) {
        if (certFile.isEmpty()) return Optional.empty();
        Path cert = Path.of(certFile.get());
        Path key = Path.of(keyFile.orElse(certFile.get()));
        try {
            return Optional.of(reader.read(cert, key));
        } catch (IOException e) {
            // each message begins with the file it is about: the key named
            boolean aboutKey = !key.equals(cert) && String.valueOf(e.getMessage()).startsWith(key.toString());
            throw new ConfigException((aboutKey ? keyKey : certKey) + ": " + e.getMessage());
        }
    }
}
