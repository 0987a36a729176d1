package org.bayard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/throughput.sh and bench/fingerprint.sh run as a postmaster runs them, with the mistakes
 * one makes: each should end in one line that says what is wrong and a non-zero exit, not in a
 * Java stack trace or a half-printed table. The scripts are installed in a copy of the
 * repository's layout whose {@code mvnw} only notes that it was asked to build (no test builds
 * the repository) and whose application jar points at this build's classes.
 */
class BenchScriptsTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir Path dir;
    Path home;
    Path corpus;

    @BeforeEach
    void install() throws IOException {
        home = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(home.resolve("bench"));
        try (Stream<Path> scripts = Files.list(REPO.resolve("bench"))) {
            for (Path s : scripts.filter(p -> p.toString().endsWith(".sh")).toList()) {
                Files.copy(s, home.resolve("bench").resolve(s.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Files.createDirectories(home.resolve("scripts"));
        Files.copy(REPO.resolve("scripts/find-jdk.sh"), home.resolve("scripts/find-jdk.sh"));
        Path mvnw = Files.writeString(home.resolve("mvnw"), "#!/bin/sh\necho built >> \"$(dirname \"$0\")/built\"\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" ")));
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(
                Files.createDirectories(home.resolve("app/target")).resolve("bayard.jar")), manifest)) {
            // the manifest is the whole jar
        }
        corpus = Files.createDirectories(dir.resolve("corpus"));
        List<String> index = new ArrayList<>();
        try (Stream<Path> samples = Files.list(REPO.resolve("samples/held-out"))) {
            for (Path p : samples.sorted().toList()) {
                Files.copy(p, Files.createDirectories(corpus.resolve("mail")).resolve(p.getFileName()));
                index.add((p.getFileName().toString().startsWith("spam") ? "spam" : "ham") + " mail/" + p.getFileName());
            }
        }
        Files.write(corpus.resolve("index"), index);
    }

    record Run(int exitCode, String out, String err) {}

    Run run(Path cwd, Map<String, String> env, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bench").resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    Run run(String script, String... args) throws Exception {
        return run(dir, Map.of(), script, args);
    }

    @Test
    void anIndexListingAMissingMessageIsRefusedInOneLineBeforeAnyOutput() throws Exception {
        Files.writeString(corpus.resolve("index"), "ham mail/ham-1.eml\nspam mail/gone.eml\n", StandardCharsets.UTF_8);
        for (String script : List.of("throughput.sh", "fingerprint.sh")) {
            Run r = run(script, corpus.resolve("index").toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).doesNotContain("Exception").endsWith("bench/" + script + ": index " + corpus.resolve("index")
                    + " lists mail/gone.eml (" + corpus.resolve("mail/gone.eml") + "): no such file\n");
            assertThat(r.err().lines().filter(l -> !l.startsWith("== "))).as("progress aside, one line").hasSize(1);
            assertThat(r.out()).as("no table, no half list").isEmpty();
        }
    }

    @Test
    void aMalformedIndexLineIsNamed() throws Exception {
        Files.writeString(corpus.resolve("index"), "ham mail/ham-1.eml\nmail/spam-1.eml\n", StandardCharsets.UTF_8);
        Run r = run("fingerprint.sh", corpus.resolve("index").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bench/fingerprint.sh: " + corpus.resolve("index")
                + ":2: expected 'spam PATH' or 'ham PATH', got 'mail/spam-1.eml'\n");
        assertThat(r.out()).isEmpty();
    }

}
