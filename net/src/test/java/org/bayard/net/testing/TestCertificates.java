package org.bayard.net.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for localhost and 127.0.0.1, made by the real openssl as a postmaster
 * makes them, in the key formats a site's files come in. Each certificate is its own CA: a client
 * trusts it by naming its file as the CA file.
 */
public final class TestCertificates {
    /** A certificate file and its private key's file. */
    public record Pair(Path certificate, Path key) {}

    private static final String SUBJECT = "/CN=localhost";
    private static final String NAMES = "subjectAltName=DNS:localhost,IP:127.0.0.1";

    private TestCertificates() {}

    /** An RSA certificate with its key in PKCS#8 ({@code BEGIN PRIVATE KEY}), as openssl 3 writes it. */
    public static Pair rsa(Path dir, String name) throws IOException {
        Pair p = names(dir, name);
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", SUBJECT, "-addext", NAMES,
                "-keyout", p.key().toString(), "-out", p.certificate().toString());
        return p;
    }

    /** An ECDSA (P-256) certificate with its key in SEC1 ({@code BEGIN EC PRIVATE KEY}), as certbot writes it. */
    public static Pair ec(Path dir, String name) throws IOException {
        Pair p = names(dir, name);
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", p.key().toString());
        openssl(dir, "req", "-x509", "-key", p.key().toString(), "-days", "2", "-subj", SUBJECT, "-addext", NAMES,
                "-out", p.certificate().toString());
        return p;
    }

    /**
     * An RSA certificate that expired on 2020-01-03, with its key in PKCS#8: made by the JDK's
     * keytool, which takes a start date in the past (openssl 3.0's req takes none), and taken out of
     * its keystore by openssl.
     */
    public static Pair expired(Path dir, String name) throws IOException {
        Pair p = names(dir, name);
        Path store = dir.resolve(name + ".p12");
        run(dir, List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-startdate", "2020/01/01 00:00:00", "-validity", "2", "-ext", "san=dns:localhost,ip:127.0.0.1"));
        run(dir, List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-exportcert", "-rfc", "-keystore",
                store.toString(), "-storepass", "changeit", "-alias", name, "-file", p.certificate().toString()));
        openssl(dir, "pkcs12", "-in", store.toString(), "-passin", "pass:changeit", "-nocerts", "-nodes", "-out", p.key().toString());
        return p;
    }

    /** Runs openssl with {@code args} in {@code dir}; an IOException with its output when it fails. */
    public static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        run(dir, command);
    }

    private static void run(Path dir, List<String> command) throws IOException {
        Path log = Files.createTempFile(dir, "command", ".out");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " took over a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = Files.readString(log, StandardCharsets.ISO_8859_1);
        Files.delete(log);
        if (p.exitValue() != 0) throw new IOException(command + " exited " + p.exitValue() + ": " + out);
    }

    private static Pair names(Path dir, String name) {
        return new Pair(dir.resolve(name + "-cert.pem"), dir.resolve(name + "-key.pem"));
    }
}
