package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.bayard.net.testing.FreePorts;

/**
 * {@code spamtrap: "|bayard trap --spam -"} in the aliases of a private Postfix, delivered by its
 * own local(8) as the mail system's unprivileged user ({@code default_privs}, nobody), through the
 * real launcher; and README's pipe(8) transport for the trap, which runs it as the store's user.
 * Everything that user runs or reads (the launcher, the application's classes, a copy of the
 * libraries) sits in a folder of /tmp it may read.
 */
class TrapAliasPostfixTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    Path home;
    PrivatePostfix postfix;

    @AfterEach
    void stop() throws Exception {
        if (postfix != null) postfix.close();
        if (home != null) {
            try (Stream<Path> s = Files.walk(home)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A store the delivery's user cannot write (a folder of root's here, as after a restore done
     * as root; a full disk or a damaged store are the same to the mail system): trap ended with 1,
     * and local(8) bounced the report to its sender. It ends with 75 now, so Postfix keeps the
     * report in its queue; once the store is writable, a flush delivers it and it is learned.
     */
    @Test
    void aReportWaitsInTheQueueWhileTheStoreCannotBeWrittenAndIsLearnedOnceItCan() throws Exception {
        assumeThat(System.getProperty("user.name")).as("local(8) runs commands as another user only for root").isEqualTo("root");
        home = installForNobody();
        Path db = Files.createDirectory(home.resolve("db"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path temp = Files.createDirectory(home.resolve("tmp"));
        assertThat(PrivatePostfix.run("chown", "nobody", temp.toString())).startsWith("exit 0");
        Path aliases = Files.writeString(home.resolve("aliases"), "spamtrap: \"|" + launcher(temp) + " trap --spam --db " + db + " -\"\n");

        int smtp = FreePorts.next();
        int sink = FreePorts.next();
        postfix = PrivatePostfix.configure(String.join("\n", "", "mydestination = trap.test", "alias_maps = hash:" + aliases,
                "alias_database = hash:" + aliases, "default_privs = nobody"),
                "127.0.0.1:" + smtp + " inet n - n - - smtpd\n", sink);
        // built before the start: an smtpd that opened the table before it existed refused the trap
        // address with "451 Temporary lookup failure" (3 runs in 12)
        assertThat(PrivatePostfix.run("postalias", "-c", postfix.config().toString(), aliases.toString())).startsWith("exit 0");
        postfix.start(smtp);
        report(smtp);

        await(() -> maillog().contains("to=<spamtrap@trap.test>") && maillog().contains("status=deferred"), "the report deferred");
        assertThat(maillog()).doesNotContain("status=bounced").contains("the directory is not writable");
        assertThat(PrivatePostfix.run("chown", "nobody", db.toString())).startsWith("exit 0");
        assertThat(PrivatePostfix.run("postqueue", "-c", postfix.config().toString(), "-f")).startsWith("exit 0");
        await(() -> maillog().contains("status=sent (delivered to command"), "the report delivered after the flush");
        assertThat(maillog()).doesNotContain("status=bounced");
        assertThat(new Cli(db).run("db", "stats").out()).containsPattern("(?m)^messages +1 \\(ham 0, spam 1\\)");
    }

    /**
     * README's other way, for a store whose user is not local(8)'s: a pipe(8) transport that runs
     * {@code trap} as the store's own user, and a transport_maps entry that sends the trap address
     * to it. Its master.cf lines are README's, with this test's paths, and {@code nobody} as the
     * store's user.
     */
    @Test
    void aReportThroughReadmesPipeTransportIsLearnedAsTheStoresOwnUser() throws Exception {
        assumeThat(System.getProperty("user.name")).as("pipe(8) runs commands as another user only for root").isEqualTo("root");
        home = installForNobody();
        Path db = Files.createDirectory(home.resolve("db"));
        Path temp = Files.createDirectory(home.resolve("tmp"));
        assertThat(PrivatePostfix.run("chown", "nobody", db.toString(), temp.toString())).startsWith("exit 0");
        Path transports = Files.writeString(home.resolve("transport"), "spamtrap@trap.test bayard-spamtrap:\n");
        String service = ReadmePostfix.indentedService("bayard-spamtrap").replace("user=bayard", "user=nobody")
                .replace("/opt/bayard/bayard", launcher(temp)).replace("/var/lib/bayard/db", db.toString());

        int smtp = FreePorts.next();
        int sink = FreePorts.next();
        postfix = PrivatePostfix.configure("\ntransport_maps = texthash:" + transports,
                "127.0.0.1:" + smtp + " inet n - n - - smtpd\n" + service + "\n", sink);
        postfix.start(smtp);
        report(smtp);

        await(() -> maillog().contains("to=<spamtrap@trap.test>") && maillog().contains("status="), "the report delivered or not");
        // pipe(8) logs what the command printed: trap's receipt
        assertThat(maillog()).contains("relay=bayard-spamtrap", "status=sent (delivered via bayard-spamtrap service (trap spam: 1 message in 1 trap message: 1 learned");
        assertThat(new Cli(db).run("db", "stats").out()).containsPattern("(?m)^messages +1 \\(ham 0, spam 1\\)");
        try (Stream<Path> s = Files.list(db)) {
            for (Path p : s.toList()) assertThat(Files.getOwner(p).getName()).as("owner of " + p).isEqualTo("nobody");
        }
    }

    /**
     * The launcher as the delivery's user runs it, with this JDK and {@code temp} as the JVM's
     * temporary folder, for the report's copy: this machine's /tmp is root's alone.
     */
    private String launcher(Path temp) {
        return "/usr/bin/env JAVA_HOME=" + System.getProperty("java.home") + " BAYARD_JAVA_OPTS=-Djava.io.tmpdir=" + temp + " "
                + home.resolve("bayard");
    }

    /** The spam sample sent to the trap address through the instance's smtpd on {@code smtp}, and taken. */
    private void report(int smtp) throws Exception {
        String sent = PrivatePostfix.run("swaks", "--server", "127.0.0.1", "--port", String.valueOf(smtp), "--timeout", "20s",
                "--from", "reporter@example.net", "--to", "spamtrap@trap.test", "--helo", "client.test",
                "--data", "@" + REPO.resolve("samples/held-out/spam-1.eml"));
        assertThat(sent).as("maillog:\n" + maillog()).startsWith("exit 0");
    }

    private String maillog() {
        try {
            return postfix.maillog();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void await(BooleanSupplier done, String what) throws InterruptedException {
        for (int i = 0; i < 1200 && !done.getAsBoolean(); i++) Thread.sleep(50);
        assertThat(done.getAsBoolean()).as(what + "; maillog:\n" + maillog()).isTrue();
    }

    /**
     * The launcher, its scripts and an application jar in a folder of /tmp that nobody may read:
     * the jar's manifest names copies of this build's class folders and libraries. Where the
     * checkout sits is not that user's to read: a CI clone in a folder of root's alone left the
     * delivery with "Could not find or load main class".
     */
    private static Path installForNobody() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "bayard-trap-alias-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("scripts"));
        for (String file : List.of("bayard", "scripts/std-streams.sh", "scripts/find-jdk.sh")) {
            Files.copy(REPO.resolve(file), dir.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        List<String> classPath = ClassPathCopy.into(dir.resolve("lib")).stream().map(p -> p.toUri().toString()).toList();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        // the manifest is the whole jar
        new JarOutputStream(Files.newOutputStream(Files.createDirectories(dir.resolve("app/target")).resolve("bayard.jar")), manifest).close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) || p.endsWith("bayard")
                        || p.getFileName().toString().endsWith(".sh") ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return dir;
    }
}
