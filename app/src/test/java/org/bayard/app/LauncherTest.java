package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

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
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./bayard} launcher run as a mail system runs it: a process with the message on
 * stdin, read back by its exit code and standard output. Each test installs the real launcher
 * and its scripts in a folder whose name has a space; the application is a jar whose manifest
 * points at this build's classes, and {@code mvnw} a stand-in that counts its runs, so no test
 * builds the repository.
 */
class LauncherTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final byte[] MESSAGE = "From: a@example.com\r\nSubject: hello\r\nMessage-ID: <1@example.com>\r\n\r\nhello\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir static Path shared;
    static Path db;
    static Path appJar;

    @TempDir Path dir;

    @BeforeAll
    static void storeAndApplication() throws IOException {
        db = shared.resolve("db");
        Cli.Result r = new Cli(db).run("learn", "--ham", REPO.resolve("samples/held-out/ham-1.eml").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        appJar = shared.resolve("bayard.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, List.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .stream().map(p -> Path.of(p).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" ")));
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(appJar), manifest)) {
            // the manifest is the whole jar
        }
    }

    /** The launcher and its scripts in {@code dir/bayard home}, with the application built when {@code built}. */
    private Path install(boolean built, String mvnw) throws IOException {
        Path home = Files.createDirectories(dir.resolve("bayard home"));
        Files.createDirectories(home.resolve("scripts"));
        for (String file : List.of("bayard", "scripts/std-streams.sh", "scripts/find-jdk.sh")) {
            Files.copy(REPO.resolve(file), home.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        if (built) Files.copy(appJar, Files.createDirectories(home.resolve("app/target")).resolve("bayard.jar"));
        Path stub = Files.writeString(home.resolve("mvnw"), "#!/usr/bin/env bash\n" + mvnw);
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    /** A stand-in for the Maven wrapper that counts its runs and, after a while, writes the application. */
    private String slowBuild() {
        return "echo build >> builds\nsleep 2\nmkdir -p app/target\nhead -c 100 '" + appJar + "' > app/target/bayard.jar\n"
                + "sleep 1\ncat '" + appJar + "' > app/target/bayard.jar\n";
    }

    private ProcessBuilder launcher(Path command, Path workingDir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(command.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("BAYARD_DB", db.toString());
        pb.environment().remove("BAYARD_CONFIG");
        pb.environment().remove("BAYARD_JAVA_OPTS");
        return pb;
    }

    private record Run(int exitCode, byte[] out, String err) {
        String outText() {
            return new String(out, StandardCharsets.ISO_8859_1);
        }
    }

    private Run filter(ProcessBuilder pb, String name) throws Exception {
        Path in = Files.write(dir.resolve(name + ".eml"), MESSAGE);
        Path err = dir.resolve(name + ".err");
        Commands.Ran ran = Commands.runPiped(pb.redirectInput(in.toFile()).redirectError(err.toFile()), 120);
        assertThat(ran.timedOut()).isFalse();
        return new Run(ran.exit(), ran.out(), Files.readString(err));
    }

    /** What filter writes for {@link #MESSAGE}: the message with our four fields added after its own. */
    private static void assertFiltered(Run r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        String out = r.outText();
        assertThat(out).startsWith("From: a@example.com\r\nSubject: hello\r\nMessage-ID: <1@example.com>\r\nX-Spam-Flag: NO\r\n")
                // the store has learned one ham: too little for Bayes to count, which X-Spam-Bayes says
                .endsWith("\r\n\r\nhello\r\n").contains("\r\nX-Spam-Bayes: not used (1 ham and 0 spam learned, ");
        String withoutOurs = out.replaceAll("(?m)^(X-Spam-Flag|X-Spam-Score|X-Spam-Status|X-Spam-Bayes): [^\r\n]*\r\n", "");
        assertThat(withoutOurs.getBytes(StandardCharsets.ISO_8859_1)).as("nothing but the message on stdout").isEqualTo(MESSAGE);
    }

    /**
     * A link to the launcher (/usr/local/bin/bayard, as a procmail recipe or master.cf names
     * it) looked for its scripts next to the link and failed with exit 1: the mail system bounced
     * or kept the message, unfiltered. The launcher now finds its repository through links.
     */
    @Test
    void aLinkToTheLauncherRunsFromAnyFolder() throws Exception {
        Path home = install(true, "exit 1\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("bayard"), home.resolve("bayard"));
        Path chained = Files.createSymbolicLink(bin.resolve("spamfilter"), Path.of("bayard"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        assertFiltered(filter(launcher(link, elsewhere, "filter"), "link"));
        assertFiltered(filter(launcher(chained, elsewhere, "filter"), "chained"));
    }

    /** The running JVM must not hold the build lock: a bayard serve started by the launcher would block every later build. */
    @Test
    void aRunningBayardDoesNotHoldTheBuildLock() throws Exception {
        Path home = install(true, "exit 1\n");
        // score, which waits for its message on stdin: filter's launcher stays to watch the JVM (see below)
        Process running = launcher(home.resolve("bayard"), dir, "score", "-").redirectError(dir.resolve("running.err").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!jvmStarted(running) && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(jvmStarted(running)).isTrue(); // the launcher waits for its JVM, to explain a crash
            Commands.Ran probe = Commands.run(new ProcessBuilder("flock", "-n", "-x", home.resolve("app/target/.launcher.lock").toString(),
                    "true"), 10);
            assertThat(probe.timedOut()).isFalse();
            assertThat(probe.exit()).as("the lock is free while bayard runs").isZero();
        } finally {
            running.getOutputStream().close();
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            ChildJvm.kill(running);
        }
    }

    private static boolean jvmStarted(Process launcher) {
        return launcher.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("/java"));
    }

    /**
     * A build that failed (sources updated by a user the mail system's user cannot write for)
     * ended filter with exit 1 and nothing written. The launcher's own failures now keep pipe
     * mode's promise: the message goes out unchanged with the tempfail code.
     */
    @Test
    void aFailedBuildPassesTheMessageWithTheFailureCode() throws Exception {
        Path home = install(false, "echo 'cannot write target/' >&2\nexit 1\n");
        Run plain = filter(launcher(home.resolve("bayard"), dir, "filter"), "plain");
        assertThat(plain.exitCode()).as(plain.err()).isEqualTo(75);
        assertThat(plain.out()).isEqualTo(MESSAGE);
        assertThat(plain.err()).contains("bayard: build failed").contains("message passed unfiltered");
        Run withCode = filter(launcher(home.resolve("bayard"), dir, "filter", "--exit-code"), "with-code");
        assertThat(withCode.exitCode()).isEqualTo(3);
        assertThat(withCode.out()).isEqualTo(MESSAGE);
        Run other = filter(launcher(home.resolve("bayard"), dir, "score", "-"), "other");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.out()).isEmpty();
    }

    /** The launcher run by bash with {@code shell} first (ulimit, a redirection) and {@code args}, stdin from {@code in}. */
    private Run wrapped(Path home, String shell, Path in, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", shell + "; exec \"$0\" \"$@\" " + (in == null ? "<&-" : ""),
                home.resolve("bayard").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = launcher(home.resolve("bayard"), dir, args).command(cmd);
        if (in != null) pb.redirectInput(in.toFile());
        Path err = Files.createTempFile(dir, "wrapped", ".err");
        Commands.Ran ran = Commands.runPiped(pb.redirectError(err.toFile()), 120);
        assertThat(ran.timedOut()).isFalse();
        return new Run(ran.exit(), ran.out(), Files.readString(err));
    }

    /**
     * A closed standard input ({@code bayard filter <&-}) was read as an empty one: filter wrote
     * our four header fields alone, exit 0, and the mail system delivered that as the message.
     * It is now filter's failure code with one line and nothing written; an empty one
     * ({@code </dev/null}) is filtered as before.
     */
    @Test
    void aClosedStandardInputIsNoMessageToFilter() throws Exception {
        Path home = install(true, "exit 1\n");
        Run closed = wrapped(home, "true", null, "filter");
        assertThat(closed.exitCode()).as(closed.err()).isEqualTo(75);
        assertThat(closed.out()).isEmpty();
        assertThat(closed.err()).isEqualTo("bayard filter: standard input is closed: there is no message to filter; nothing written\n");
        Run withCode = wrapped(home, "true", null, "filter", "--exit-code");
        assertThat(withCode.exitCode()).as(withCode.err()).isEqualTo(3);
        assertThat(withCode.out()).isEmpty();
        Run empty = wrapped(home, "true", Path.of("/dev/null"), "filter");
        assertThat(empty.exitCode()).as(empty.err()).isZero();
        assertThat(new String(empty.out(), StandardCharsets.US_ASCII)).startsWith("X-Spam-Flag: NO");
    }

    /** The other commands that read '-' refuse a closed standard input too: learn - <&- learned an empty message, exit 0. */
    @Test
    void aClosedStandardInputIsNothingToLearnScoreOrImport() throws Exception {
        Path home = install(true, "exit 1\n");
        Path db = dir.resolve("db");
        Run learn = wrapped(home, "true", null, "learn", "--spam", "--db", db.toString(), "-");
        assertThat(learn.exitCode()).as(learn.err()).isEqualTo(1);
        assertThat(learn.err()).isEqualTo("bayard learn: standard input is closed: '-' names nothing to read; nothing done\n");
        Run imported = wrapped(home, "true", null, "db", "import", "--db", db.toString(), "-");
        assertThat(imported.exitCode()).as(imported.err()).isEqualTo(1);
        assertThat(imported.err()).isEqualTo("bayard db import: standard input is closed: '-' names nothing to read; nothing done\n");
        Run split = wrapped(home, "true", null, "mbox", "split", "-", "-o", dir.resolve("split").toString());
        assertThat(split.exitCode()).as(split.err()).isEqualTo(1);
        assertThat(split.err()).isEqualTo("bayard mbox split: standard input is closed: '-' names nothing to read; nothing done\n");
        assertThat(db).doesNotExist();
    }

    /**
     * {@code "|bayard trap --spam -"} in /etc/aliases: Postfix's local(8) bounces an exit of 1 to
     * the reporter and keeps the message for 75. A full disk (a file size limit here), no room
     * for the temporary copy of a large report, a closed stdin and a launcher that cannot build
     * all ended in 1 (or 0 for the closed stdin, nothing learned); they are 75 now, and the same
     * full disk on a file stays 1.
     */
    @Test
    void aTrapPipeLeavesTheReportInTheQueueOnATemporaryFailure() throws Exception {
        Path home = install(true, "exit 1\n");
        Path report = REPO.resolve("samples/held-out/spam-1.eml");
        Path fresh = dir.resolve("fresh db");
        Run full = wrapped(home, "ulimit -f 20", report, "trap", "--spam", "--db", fresh.toString(), "-");
        assertThat(full.exitCode()).as(full.err()).isEqualTo(75);
        assertThat(full.err()).contains("file too large");
        Run fullOnAFile = wrapped(home, "ulimit -f 20", Path.of("/dev/null"), "trap", "--spam", "--db", fresh.toString(), report.toString());
        assertThat(fullOnAFile.exitCode()).as(fullOnAFile.err()).isEqualTo(1);

        Run learned = wrapped(home, "true", report, "trap", "--spam", "--db", fresh.toString(), "-");
        assertThat(learned.exitCode()).as(learned.err()).isZero();
        assertThat(new String(learned.out(), StandardCharsets.UTF_8)).contains("1 learned");

        // over 4 MiB, copied to the temporary folder before it is learned: the folder is missing
        StringBuilder large = new StringBuilder("From: a@example.com\nSubject: large\nMessage-ID: <large@example.com>\n\n");
        while (large.length() < (5 << 20)) large.append("a line of a large report ").append(large.length()).append('\n');
        Path big = Files.writeString(dir.resolve("large.eml"), large);
        String noTemp = "export BAYARD_JAVA_OPTS='-Djava.io.tmpdir=" + dir.resolve("missing") + " -Dlmdbjava.extract.dir=" + dir + "'";
        Run noCopy = wrapped(home, noTemp, big, "trap", "--spam", "--db", fresh.toString(), "-");
        assertThat(noCopy.exitCode()).as(noCopy.err()).isEqualTo(75);
        assertThat(noCopy.err()).contains("no copy of it could be made in the temporary folder");

        Run closed = wrapped(home, "true", null, "trap", "--spam", "--db", fresh.toString(), "-");
        assertThat(closed.exitCode()).as(closed.err()).isEqualTo(75);
        assertThat(closed.err()).isEqualTo("bayard trap: standard input is closed: there is no message to learn\n");

        Run refusedOption = wrapped(home, "export BAYARD_JAVA_OPTS=-XX:+NoSuchOption", report, "trap", "--spam", "--db", fresh.toString(), "-");
        assertThat(refusedOption.exitCode()).as(refusedOption.err()).isEqualTo(75);

        Path unbuilt = dir.resolve("unbuilt");
        Files.move(home, unbuilt);
        Files.delete(unbuilt.resolve("app/target/bayard.jar"));
        Run cannotBuild = wrapped(unbuilt, "true", report, "trap", "--spam", "--db", fresh.toString(), "-");
        assertThat(cannotBuild.exitCode()).as(cannotBuild.err()).isEqualTo(75);
        assertThat(cannotBuild.err()).contains("bayard: build failed");
    }

    /**
     * Two messages arriving at once on a fresh checkout started two builds in the same target
     * folders; one failed (exit 1, the message not written). A run now waits for the build under
     * way, and the second finds the application built.
     */
    @Test
    void concurrentFirstRunsBuildOnce() throws Exception {
        Path home = install(false, slowBuild());
        ProcessBuilder first = launcher(home.resolve("bayard"), dir, "filter");
        ProcessBuilder second = launcher(home.resolve("bayard"), dir, "filter");
        var both = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = both.submit(() -> filter(first, "a"));
            var b = both.submit(() -> filter(second, "b"));
            assertFiltered(a.get(150, TimeUnit.SECONDS)); // filter's own limit is 120 s
            assertFiltered(b.get(150, TimeUnit.SECONDS));
        } finally {
            both.shutdownNow();
        }
        assertThat(Files.readAllLines(home.resolve("builds"))).hasSize(1);
    }

    /**
     * The launcher learned each JDK's version by starting its java: under a mail system, where
     * JAVA_HOME is usually unset, one JVM start per JDK in /usr/lib/jvm before every message. A
     * JDK's release file says its version; java is asked only when there is none.
     */
    @Test
    void theJdkVersionIsReadFromItsReleaseFileWithoutStartingJava() throws Exception {
        Path jdk = Files.createDirectories(dir.resolve("jdk/bin"));
        Files.writeString(jdk.resolve("../release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"21.0.4\"\n");
        Path started = dir.resolve("java-started");
        for (String tool : List.of("java", "javac")) {
            Path script = Files.writeString(jdk.resolve(tool), "#!/bin/sh\necho \"$0\" >> '" + started + "'\n"
                    + "echo 'openjdk version \"21.0.4\" 2024-07-16' >&2\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". '" + REPO.resolve("scripts/find-jdk.sh") + "'; find_jdk; echo \"$JAVA_HOME\"")
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        Commands.Ran ran = Commands.run(pb, 30);
        assertThat(ran.timedOut()).isFalse();
        assertThat(ran.output()).isEqualTo(dir.resolve("jdk") + "\n");
        assertThat(started).doesNotExist();
    }

    /**
     * The launcher always passed --sun-misc-unsafe-memory-access=allow, an option of JDK 23 and
     * newer: a JDK 21 or 22, which find_jdk accepts and the README asks for, refused to start
     * ("Unrecognized option"), and no message was filtered. The stand-in JDK here says it is 21
     * and refuses that option as JDK 21 does; everything else goes to the JDK running the tests.
     */
    @Test
    void aJdk21RunsTheFilter() throws Exception {
        Path home = install(true, "exit 1\n");
        Path jdk = Files.createDirectories(dir.resolve("jdk-21/bin"));
        Files.writeString(jdk.resolve("../release"), "JAVA_VERSION=\"21.0.4\"\n");
        String real = Path.of(System.getProperty("java.home"), "bin").toString();
        Files.writeString(jdk.resolve("java"), "#!/usr/bin/env bash\nfor a in \"$@\"; do case $a in --sun-misc-unsafe-memory-access*)\n"
                + "  echo \"Unrecognized option: $a\" >&2; echo 'Error: Could not create the Java Virtual Machine.' >&2; exit 1;; esac; done\n"
                + "exec '" + real + "/java' \"$@\"\n");
        Files.writeString(jdk.resolve("javac"), "#!/bin/sh\nexec '" + real + "/javac' \"$@\"\n");
        for (String tool : List.of("java", "javac")) Files.setPosixFilePermissions(jdk.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = launcher(home.resolve("bayard"), dir, "filter");
        pb.environment().put("JAVA_HOME", dir.resolve("jdk-21").toString());
        assertFiltered(filter(pb, "jdk21"));
    }

    /**
     * A JRE runs a built Bayard (the eclipse-temurin:21-jre image, Debian's openjdk-21-jre-headless),
     * but the launcher took only a JDK, with javac, which it needs only to build: with JAVA_HOME at
     * a JRE it went looking elsewhere and, finding nothing, refused to start. A JDK is now required
     * only when there is something to build. The stand-in JRE has no javac and notes its runs.
     */
    @Test
    void aJreRunsTheBuiltApplication() throws Exception {
        Path home = install(true, "exit 1\n");
        Path jre = Files.createDirectories(dir.resolve("jre/bin"));
        Files.writeString(jre.resolve("../release"), "JAVA_VERSION=\"" + Runtime.version().feature() + ".0.1\"\n");
        Path used = dir.resolve("jre-used");
        Files.writeString(jre.resolve("java"), "#!/bin/sh\necho run >> '" + used + "'\nexec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(jre.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = launcher(home.resolve("bayard"), dir, "filter");
        pb.environment().put("JAVA_HOME", dir.resolve("jre").toString());
        assertFiltered(filter(pb, "jre"));
        assertThat(used).as("the JRE in JAVA_HOME ran bayard").exists();
    }

    /**
     * The JVM writes its own warnings and errors to standard output, in filter mode into the
     * message: a CDS archive left by another JDK build (or any such startup complaint) put
     * "[error][cds] ..." above the headers, and the message went out altered with exit 0. The
     * launcher sends the JVM's log to stderr.
     */
    @Test
    void theJvmsOwnWarningsStayOffStandardOutput() throws Exception {
        Path home = install(true, "exit 1\n");
        Path archive = Files.writeString(dir.resolve("stale.jsa"), "not a shared archive of this JDK");
        ProcessBuilder pb = launcher(home.resolve("bayard"), dir, "filter");
        pb.environment().put("BAYARD_JAVA_OPTS", "-XX:SharedArchiveFile=" + archive);
        Run r = filter(pb, "warnings");
        assertFiltered(r);
        assertThat(r.err()).contains("[cds]");
    }

    /**
     * A mistyped JVM option in the recipe's BAYARD_JAVA_OPTS made java refuse to start: exit 1
     * and nothing written, which Postfix's pipe(8) bounces. In filter mode the launcher tries
     * the options first and, when java refuses them, passes the message with the failure code.
     */
    @Test
    void jvmOptionsJavaRefusesPassTheMessageWithTheFailureCode() throws Exception {
        Path home = install(true, "exit 1\n");
        ProcessBuilder pb = launcher(home.resolve("bayard"), dir, "filter", "--exit-code");
        pb.environment().put("BAYARD_JAVA_OPTS", "-XX:+NoSuchOption");
        Run r = filter(pb, "bad-options");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).isEqualTo(MESSAGE);
        assertThat(r.err()).contains("NoSuchOption").contains("message passed unfiltered");
    }

    /**
     * A JVM that crashes (LMDB's native code meeting a damaged store with SIGSEGV or an assertion,
     * or -XX:+CrashOnOutOfMemoryError as here) printed its fatal-error banner on standard output,
     * where the message belongs, left an hs_err file in the working directory (a procmail user's
     * home or Maildir), and ended with 134 without the message. In filter mode the launcher now
     * keeps a copy of the message, and after a crash writes it unchanged with the failure code.
     */
    @Test
    void aCrashedJvmStillPassesTheMessageUnchangedWithTheFailureCode() throws Exception {
        Path home = install(true, "exit 1\n");
        for (String[] args : List.of(new String[] {"filter"}, new String[] {"filter", "--exit-code"})) {
            ProcessBuilder pb = launcher(home.resolve("bayard"), dir, args);
            pb.environment().put("BAYARD_JAVA_OPTS", "-XX:+CrashOnOutOfMemoryError -Xmx8m");
            pb.environment().put("TMPDIR", Files.createDirectories(dir.resolve("tmp-" + args.length)).toString());
            Run r = filter(pb, "crash-" + args.length);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(args.length == 1 ? 75 : 3);
            assertThat(r.out()).as("the message alone, unchanged").isEqualTo(MESSAGE);
            assertThat(r.err()).contains("message passed unfiltered: bayard was killed by SIGABRT");
            try (var left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
            }
            try (var left = Files.list(dir.resolve("tmp-" + args.length))) {
                assertThat(left.map(p -> p.getFileName().toString())).as("no copy left behind (LMDB's shared library is the JVM's, kept there on purpose)")
                        .allMatch(n -> n.startsWith("bayard-hs_err") || n.startsWith("bayard-native-"));
            }
        }
    }
    /**
     * The launcher keeps its copies of a message in $TMPDIR, and its messages say "set TMPDIR" when
     * /tmp cannot be written; the JVM kept to /tmp all the same, for LMDB's native library and a
     * trap's copy of its report, so where /tmp is root's alone or mounted noexec a service user that
     * set TMPDIR as told was still refused ("cannot load the LMDB native library"). The JVM's
     * temporary folder is $TMPDIR now too, unless BAYARD_JAVA_OPTS names one.
     */
    @Test
    void theJvmKeepsItsTemporaryFilesInTmpdirUnlessTheJvmOptionsSayOtherwise() throws Exception {
        Path home = install(true, "exit 1\n");
        String nativeFolder = "bayard-native-" + System.getProperty("user.name");
        Path tmp = Files.createDirectories(dir.resolve("tmp-own"));
        ProcessBuilder pb = launcher(home.resolve("bayard"), dir, "filter");
        pb.environment().put("TMPDIR", tmp.toString());
        assertFiltered(filter(pb, "tmpdir"));
        assertThat(tmp.resolve(nativeFolder)).as("LMDB's library in $TMPDIR").isDirectory();

        Path named = Files.createDirectories(dir.resolve("tmp-named"));
        Path unused = Files.createDirectories(dir.resolve("tmp-unused"));
        pb = launcher(home.resolve("bayard"), dir, "filter");
        pb.environment().put("TMPDIR", unused.toString());
        pb.environment().put("BAYARD_JAVA_OPTS", "-Djava.io.tmpdir=" + named);
        assertFiltered(filter(pb, "tmpdir-named"));
        assertThat(named.resolve(nativeFolder)).as("the JVM options' folder wins").isDirectory();
        assertThat(unused.resolve(nativeFolder)).doesNotExist();
    }

    /**
     * A JVM that ended with a code of its own (-XX:+ExitOnOutOfMemoryError, which the launcher
     * gives serve and a site may copy into the recipe's BAYARD_JAVA_OPTS: exit 3) wrote nothing,
     * and the launcher passed on that nothing with exit 3, which is not in filter's table (0 or
     * 75) and which Postfix's pipe(8) bounces. Any code outside the table is a failure now: the
     * message goes out unchanged with the failure code.
     */
    @Test
    void aJvmExitOutsideFiltersTablePassesTheMessageWithTheFailureCode() throws Exception {
        Path home = install(true, "exit 1\n");
        ProcessBuilder pb = launcher(home.resolve("bayard"), dir, "filter");
        pb.environment().put("BAYARD_JAVA_OPTS", "-XX:+ExitOnOutOfMemoryError -Xmx8m");
        pb.environment().put("TMPDIR", Files.createDirectories(dir.resolve("tmp-exit")).toString());
        Run r = filter(pb, "exit-on-oom");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(75);
        assertThat(r.out()).as("the message alone, unchanged").isEqualTo(MESSAGE);
        assertThat(r.err()).contains("message passed unfiltered: bayard ended with exit code 3");
    }

    /**
     * The JVM writes the filtered message to a file in $TMPDIR, which needs room for the message
     * a second time. When that file could not be written whole (the folder full, here a file size
     * limit between the copy's size and the filtered message's), the JVM ended with the failure
     * code and the launcher passed on what it had written: 75 with the message cut off after
     * 1.5 MB, where pipe mode promises the message unchanged. The launcher now writes its copy.
     */
    @Test
    void aFilteredMessageThatCannotBeWrittenWholeGoesOutUnchangedWithTheFailureCode() throws Exception {
        Path home = install(true, "exit 1\n");
        // 1,535,900 bytes: under ulimit -f 1500 (1,536,000 bytes), which our fields push it over
        StringBuilder text = new StringBuilder("From: a@example.com\r\nSubject: large\r\nMessage-ID: <large@example.com>\r\n\r\n");
        while (text.length() < 1_535_900 - 100) text.append("line of a large message ").append(text.length()).append("\r\n");
        text.append("x".repeat(1_535_900 - 2 - text.length())).append("\r\n");
        byte[] message = text.toString().getBytes(StandardCharsets.US_ASCII);
        Path in = Files.write(dir.resolve("large.eml"), message);
        for (String[] args : List.of(new String[] {"filter"}, new String[] {"filter", "--exit-code"})) {
            List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -f 1500; exec \"$0\" \"$@\"", home.resolve("bayard").toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = launcher(home.resolve("bayard"), dir, args).command(cmd);
            pb.environment().put("TMPDIR", Files.createDirectories(dir.resolve("tmp-large-" + args.length)).toString());
            // a pipe, as a mail system gives: a file would take ulimit -f too
            Commands.Ran ran = Commands.runPiped(pb.redirectInput(in.toFile()).redirectError(dir.resolve("large.err").toFile()), 120);
            byte[] out = ran.out();
            assertThat(ran.timedOut()).isFalse();
            String err = Files.readString(dir.resolve("large.err"));
            assertThat(ran.exit()).as(err).isEqualTo(args.length == 1 ? 75 : 3);
            assertThat(out.length).as(err).isEqualTo(message.length);
            assertThat(out).as("the message whole and unchanged").isEqualTo(message);
            assertThat(err).contains("cannot write the filtered message to its temporary file in " + dir.resolve("tmp-large-" + args.length))
                    .doesNotContain("standard output");
        }
    }

    /**
     * LMDB meeting a page damaged below the pages checked as the store opens crashed the JVM:
     * SIGSEGV in mdb_xcursor_init1 for a node flagged as holding duplicates, with the JVM's
     * fatal-error banner, exit 134, an hs_err file in the working directory and nothing saying
     * the store was damaged. The launcher now runs 'bayard db check' on the store after such a
     * crash and passes on its one line, with exit 1; the store is left as it was.
     */
    @Test
    void aCrashInLmdbOnADamagedStoreEndsInOneLineNamingTheDamage() throws Exception {
        Path home = install(true, "exit 1\n");
        Path damaged = dir.resolve("damaged");
        Cli.Result trained = new Cli(damaged).run("train", "--ham", REPO.resolve("samples/ham.mbox").toString(),
                "--spam", REPO.resolve("samples/spam.mbox").toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        Path data = damaged.resolve("data.mdb");
        StorePages pages = new StorePages(data);
        long leaf = pages.leafUnder(pages.namedRoot("tokens"));
        pages.flagFirstNodeAsDuplicates(leaf);
        byte[] before = Files.readAllBytes(data);
        String message = REPO.resolve("samples/held-out/spam-1.eml").toString();
        for (String[] args : List.of(new String[] {"score", "--db", damaged.toString(), message},
                new String[] {"explain", "--db=" + damaged, message}, new String[] {"db", "stats", "--db", damaged.toString()})) {
            Commands.Ran ran = Commands.runPiped(launcher(home.resolve("bayard"), dir, args)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))), 120);
            String err = ran.errors();
            assertThat(ran.timedOut()).isFalse();
            assertThat(ran.exit()).as(err).isEqualTo(1);
            assertThat(err).as(String.join(" ", args)).hasLineCount(1)
                    .startsWith("bayard: LMDB store at " + damaged.toRealPath() + " is damaged: in data.mdb, page " + leaf + " has node 0")
                    .contains("bayard db import").doesNotContain("fatal error");
        }
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
        }
        assertThat(Files.readAllBytes(data)).as("the store's file is unchanged").isEqualTo(before);
    }

    /**
     * procmail's timeout sends SIGTERM to the filter. The launcher used to become the JVM (exec),
     * which took the signal itself; now that it waits for the JVM, it passes the signal on, so no
     * JVM is left running, and writes the message unchanged with the failure code.
     */
    @Test
    void aSigtermToTheLauncherReachesTheJvmAndTheMessageStillGoesOut() throws Exception {
        Path home = install(true, "exit 1\n");
        Path fifo = dir.resolve("config.fifo"); // the JVM blocks opening it: a filter that hangs
        assertThat(Commands.run("mkfifo", fifo.toString()).exit()).isZero();
        Path in = Files.write(dir.resolve("term.eml"), MESSAGE);
        Process p = launcher(home.resolve("bayard"), dir, "filter", "--config", fifo.toString())
                .redirectInput(in.toFile()).redirectError(dir.resolve("term.err").toFile()).start();
        try {
            sigtermReachesTheJvm(p);
        } finally {
            Commands.kill(p); // the launcher and its JVM, blocked on the fifo, should an assertion fail first
        }
    }

    private void sigtermReachesTheJvm(Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<ProcessHandle> jvms = List.of();
        while (jvms.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            jvms = java.util.stream.Stream.concat(java.util.stream.Stream.of(p.toHandle()), p.descendants()) // the launcher itself, once it was exec
                    .filter(h -> h.info().command().orElse("").endsWith("/java")).toList();
        }
        assertThat(jvms).as("the JVM started").isNotEmpty();
        Thread.sleep(500); // past the JVM's start, to where it waits for the configuration
        assertThat(Commands.run("kill", "-TERM", Long.toString(p.pid())).exit()).isZero();
        Commands.Ran ran = Commands.outputOf(p, 30);
        byte[] out = ran.out();
        assertThat(ran.timedOut()).isFalse();
        String err = Files.readString(dir.resolve("term.err"));
        assertThat(ran.exit()).as(err).isEqualTo(75);
        assertThat(out).isEqualTo(MESSAGE);
        assertThat(err).contains("message passed unfiltered: bayard was killed by SIGTERM");
        for (ProcessHandle jvm : jvms) {
            jvm.onExit().get(30, TimeUnit.SECONDS);
            assertThat(jvm.isAlive()).isFalse();
        }
    }
    /**
     * RELIABILITY.md F5: a serve that runs out of heap exits, for its supervisor (systemd's
     * Restart=on-failure) to start it again, rather than run on with threads that may have died
     * anywhere. Its client sees a dropped connection and sends again; nothing was acknowledged, so
     * nothing is lost, and nothing half-read is delivered or held. Here a message the gate reads
     * into the heap, in a JVM of 32 MB, on a site that told it to read up to 64 MB of each
     * (limits.max-scan-bytes): it ran on, the session's thread gone, and the same message would
     * break a session again at every retry. (A message being received is no longer held in heap
     * past an eighth of it, whatever smtp.memory-per-message says; a trap's mail, which this test
     * sent before, is no longer read whole.)
     */
    @Test
    void aServeThatRunsOutOfHeapExitsForItsSupervisorToRestartIt() throws Exception {
        Path home = install(true, "exit 1\n");
        List<Process> processes = new ArrayList<>();
        try {
            Path dump = dir.resolve("sink");
            int sinkPort = SmtpSink.start(dir, dump, processes);
            Path config = Files.writeString(dir.resolve("bayard.yaml"),
                    "smtp:\n  memory-per-message: 67108864\n  max-message-bytes: 67108864\n  spam-traps: [list@example.test]\n"
                            + "limits:\n  max-scan-bytes: 67108864\n");
            Path quarantine = dir.resolve("q");
            Path log = dir.resolve("serve.log");
            ProcessBuilder pb = launcher(home.resolve("bayard"), dir, "serve", "-c", config.toString(), "--listen", "127.0.0.1:0",
                    "--next-hop", "127.0.0.1:" + sinkPort, "--quarantine", quarantine.toString());
            pb.environment().put("BAYARD_JAVA_OPTS", "-Xmx32m -XX:ErrorFile=" + dir.resolve("hs_err_%p.log"));
            Process serve = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            processes.add(serve);
            int port = GateFaultsTest.listeningPort(log, 0);

            String big = "Subject: big\r\nMessage-ID: <ledger-1@bayard.test>\r\n\r\n" + "x".repeat(998).concat("\r\n").repeat(40_000);
            int reply = GateFaultsTest.send(port, big);

            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("serve still running after its heap ran out: " + Files.readString(log)).isTrue();
            assertThat(serve.exitValue()).as(Files.readString(log)).isEqualTo(3);
            assertThat(reply).as("the connection dropped, no reply at all (0), not a 250 nor a refusal").isZero();
            assertThat(GateFaultsTest.idsIn(dump, quarantine)).as("nothing delivered or held").isEmpty();
        } finally {
            for (Process p : processes) Commands.kill(p); // the launcher's JVM too, which outlives the launcher killed alone
        }
    }

    /** A stand-in JDK of this major version at {@code home}: a release file, and java and javac that say the version. */
    private static Path fakeJdk(Path home, int major) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + major + ".0.2\"\n");
        for (String tool : List.of("java", "javac")) {
            Files.writeString(bin.resolve(tool), "#!/bin/sh\necho 'openjdk version \"" + major + ".0.2\" 2024-01-16' >&2\n");
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    /**
     * find_jdk in a mount namespace of its own whose /usr/lib/jvm is {@code jvms}, so that what it
     * finds there is the test's: prints the JAVA_HOME it chose. {@code javaHome} null: unset.
     */
    private static Run findJdk(Path jvms, String path, Path javaHome) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("unshare", "-m", "--propagation", "private", "bash", "-c",
                "mount --bind \"$1\" /usr/lib/jvm && . \"$2\" && find_jdk && echo \"$JAVA_HOME\"", "bash", jvms.toString(),
                REPO.resolve("scripts/find-jdk.sh").toString());
        pb.environment().put("PATH", path);
        if (javaHome == null) pb.environment().remove("JAVA_HOME");
        else pb.environment().put("JAVA_HOME", javaHome.toString());
        Commands.Ran ran = Commands.run(pb, 60);
        assertThat(ran.timedOut()).isFalse();
        return new Run(ran.exit(), ran.out(), ran.errors());
    }

    /**
     * With JAVA_HOME at a JDK 17 and no newer JDK anywhere, the launcher advised
     * "apt-get install -y openjdk-21-jdk", a package Debian 12 (this machine's, the stable server
     * release when it was written) and Ubuntu 22.04 do not have: apt-get answered "Unable to
     * locate package". It now says what it found, and names a package only if apt knows it.
     */
    @Test
    void withoutAJdk21ItSaysWhatItFoundAndAnInstallThatWorksHere() throws Exception {
        assumeThat(System.getProperty("user.name")).as("a mount namespace needs root").isEqualTo("root");
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        fakeJdk(jvms.resolve("java-17-openjdk-amd64"), 17);
        Path jdk17 = fakeJdk(dir.resolve("jdk-17"), 17);
        Run r = findJdk(jvms, "/usr/sbin:/usr/bin:/sbin:/bin", jdk17);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1)
                .startsWith("bayard: no JDK 21 or newer found (JAVA_HOME=" + jdk17 + " is Java 17, ")
                .contains("/usr/lib/jvm has Java 17)");
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("apt-get install (?:-y )?([a-z0-9.+-]+)").matcher(r.err());
        while (named.find()) {
            Commands.Ran known = Commands.run("apt-cache", "show", named.group(1));
            assertThat(known.exit()).as("apt knows the package " + named.group(1) + " the message names").isZero();
        }
        assertThat(r.err()).containsAnyOf("apt-get install", "adoptium.net");
    }

    /** A JDK unpacked in /opt with only its bin on PATH (no JAVA_HOME, nothing in /usr/lib/jvm) was not found. */
    @Test
    void aJdk21WhoseJavacIsOnThePathIsFound() throws Exception {
        assumeThat(System.getProperty("user.name")).as("a mount namespace needs root").isEqualTo("root");
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        fakeJdk(jvms.resolve("java-17-openjdk-amd64"), 17);
        Path jdk21 = fakeJdk(dir.resolve("opt/jdk-21.0.2"), 21);
        Path onPath = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(onPath.resolve("javac"), jdk21.resolve("bin/javac"));
        Run r = findJdk(jvms, onPath + ":/usr/sbin:/usr/bin:/sbin:/bin", null);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo(jdk21 + "\n");
    }
}
