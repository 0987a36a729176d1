package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.bayard.http.Passwords;
import org.bayard.smtp.RecordingSink;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code bayard serve} in a child JVM with the heap a small server's JVM gets (128 MB), told to
 * exit when it runs out as the launcher tells it, on a copy of the store {@link TrainedGates}
 * learned, its HTTP API on a free loopback port for one admin: for the tests of what HTTP clients
 * may cost it. Killed after each test, after the class's own {@code @AfterEach}.
 */
final class SmallHeapApi implements BeforeEachCallback, AfterEachCallback {
    /** The admin's password; the admin is {@code mod}. */
    static final String PASSPHRASE = "a long passphrase";

    private final TrainedGates samples = new TrainedGates();
    private RecordingSink sink;
    private Process serve;
    private Path log;

    @Override
    public void beforeEach(ExtensionContext context) {
        samples.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        ChildJvm.kill(serve); // before the sink it relays to
        serve = null;
        if (sink != null) sink.close();
        sink = null;
    }

    /** Starts serve in {@code dir}, relaying to a recording next hop of its own; its HTTP port. */
    int start(Path dir) throws Exception {
        return start(dir, "");
    }

    /**
     * Starts serve relaying to {@code nextHopPort}, with its store in dir/db, its configuration in
     * dir/bayard.yaml, holding into dir/q, its output in dir/serve.log; its HTTP port.
     */
    int start(Path dir, int nextHopPort) throws Exception {
        return start(dir, nextHopPort, "");
    }

    /** As {@link #start(Path)}, with {@code httpKeys} (indented YAML lines) added to the http section. */
    int start(Path dir, String httpKeys) throws Exception {
        sink = new RecordingSink();
        return start(dir, sink.address().getPort(), httpKeys);
    }

    private int start(Path dir, int nextHopPort, String httpKeys) throws Exception {
        Path config = Files.writeString(dir.resolve("bayard.yaml"), "http:\n  listen: \"127.0.0.1:0\"\n" + httpKeys + "  users:\n    - name: mod\n"
                + "      role: admin\n      password-hash: \"" + Passwords.hash(PASSPHRASE.toCharArray(), 10_000) + "\"\n");
        log = dir.resolve("serve.log");
        serve = ServeChild.command(List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"), samples.copy(dir), dir.resolve("q"), nextHopPort,
                log, "-c", config.toString()).start();
        int http = ServeChild.ports(log).http();
        assertThat(http).as(log()).isPositive();
        return http;
    }

    Process serve() {
        return serve;
    }

    /** What serve has written so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** The admin's Authorization header. */
    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("mod:" + PASSPHRASE).getBytes(StandardCharsets.UTF_8));
    }
}
