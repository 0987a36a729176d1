package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.bayard.net.testing.FreePorts;

/**
 * A store and quarantine restored or copied by root (cp -r, tar without --same-owner, a restore
 * tool) for a service that runs as a user of its own. serve started on a quarantine it could not
 * write without a word, and every message to be held got 451 from then on, the decision lines
 * saying only {@code AccessDeniedException}; with another user's {@code blocklist.tsv} it rejected
 * spam but never blocklisted its sender. Now serve refuses to start in one line naming the file,
 * its owner and the chown that gives the lot to the service's user; after that chown it starts.
 *
 * <p>The service's user here is root without the capabilities that let it write any file
 * (setpriv), and "another user" is nobody: that needs root, as the suite has in CI.
 */
class RestoredAsAnotherUserTest {
    /** The uid and gid of the service's user in the test that runs serve as that user: nobody's and nogroup's here. */
    private static final int SERVICE_ID = 65534;
    private static final Pattern CHOWN = Pattern.compile("\\(chown -R ([^)]*)\\)");

    @TempDir Path tmp;
    /** Copies of the samples' store, learned once for the run, which serve and the commands here open as child processes. */
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @BeforeAll
    static void needsRoot() {
        assumeThat(System.getProperty("user.name")).as("another user's files need root").isEqualTo("root");
    }

    @Test
    void aQuarantineOfAnotherUserIsRefusedAtStartAndTheNamedChownLetsItStart() throws Exception {
        Path db = gates.copy(tmp);
        Path q = Files.createDirectories(tmp.resolve("q/tmp")).getParent();
        Files.writeString(q.resolve("MWQ4Q24Y.1.eml"), "Subject: held\r\n\r\nheld\r\n");
        Files.writeString(q.resolve("MWQ4Q24Y.1.json"), "{\"rcpt\":[\"u@example.test\"]}");
        giveToNobody(q);

        String said = refusedStart(db, q);

        assertThat(said).contains(q.toString()).contains("belongs to nobody");
        chownAsSaid(said);
        assertThat(started(db, q)).isPositive();
    }

    @Test
    void aBlocklistOfAnotherUserIsRefusedAtStartAndTheNamedChownLetsItStart() throws Exception {
        Path db = gates.copy(tmp);
        Cli.Result added = new Cli(db).run("blocklist", "add", "192.0.2.7", "spammer@example.net", "--hours", "3");
        assertThat(added.exitCode()).as(added.err()).isZero();
        giveToNobody(db.resolve("blocklist.tsv"));
        giveToNobody(db.resolve("blocklist.tsv.lock"));
        Path q = tmp.resolve("q");

        String said = refusedStart(db, q);

        // the blocklist itself is only read (and replaced by a rename in the store's folder); its lock is written
        assertThat(said).contains(db.resolve("blocklist.tsv.lock") + " belongs to nobody");
        chownAsSaid(said);
        assertThat(started(db, q)).isPositive();
    }

    /**
     * {@code sudo bayard blocklist add} (or a {@code db import} run by root) into the service's
     * store made blocklist.tsv and its lock file root's: the running gate then failed to
     * blocklist every sender it rejected, and its next start was refused. Files made in the
     * store's folder now belong to the folder's owner.
     */
    @Test
    void theBlocklistFilesRootMakesInTheServicesStoreAreTheServices() throws Exception {
        Path dump = tmp.resolve("with-blocklist.dump.gz");
        Cli other = new Cli(tmp.resolve("other/db"));
        assertThat(other.run("learn", "--spam", "../samples/held-out/spam-1.eml").exitCode()).isZero();
        assertThat(other.run("blocklist", "add", "192.0.2.8", "other@example.net", "--hours", "3").exitCode()).isZero();
        assertThat(other.run("db", "export", dump.toString()).exitCode()).isZero();
        Path db = gates.copy(tmp);
        Path restored = gates.copy(tmp.resolve("restored"));
        giveToNobody(db);
        giveToNobody(restored);

        Cli.Result added = new Cli(db).run("blocklist", "add", "192.0.2.7", "spammer@example.net", "--hours", "3");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertOwnedByNobody(db.resolve("blocklist.tsv"), db.resolve("blocklist.tsv.lock"));

        Cli.Result imported = new Cli(restored).run("db", "import", dump.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertOwnedByNobody(restored.resolve("blocklist.tsv"), restored.resolve("blocklist.tsv.lock"));
    }

    /**
     * The journal of the gate's put-off writes ({@code put-off/} in the quarantine), left by a serve
     * that ran as root and was killed: a serve started as the service's user could neither make the
     * writes it held nor journal its own, and said so only write by write. It is refused at start
     * like the rest of the quarantine, naming the chown; after it, the start makes what was left.
     */
    @Test
    void aJournalOfAnotherUserIsRefusedAtStartAndTheNamedChownLetsItStart() throws Exception {
        Path db = gates.copy(tmp);
        Path q = Files.createDirectories(tmp.resolve("q/tmp")).getParent();
        Path dead = Files.createDirectories(q.resolve("put-off/4242-dead-1"));
        Files.writeString(dead.resolve("gate.lock"), "");
        Files.writeString(dead.resolve("1.entry"), "{\"kind\":\"blocklist\",\"write\":\"blocklist 192.0.2.9 <s@example.net>\","
                + "\"queue_id\":\"Q.1\",\"client\":\"192.0.2.9\",\"sender\":\"s@example.net\",\"expires\":\""
                + java.time.Instant.now().plusSeconds(7200) + "\",\"bytes\":0}\n");
        giveToNobody(q.resolve("put-off"));

        String said = refusedStart(db, q);

        assertThat(said).contains(q.resolve("put-off").toString()).contains("belongs to nobody").contains("put off");
        chownAsSaid(said);
        assertThat(started(db, q)).isPositive();
        Await.until(() -> org.bayard.app.gate.Blocklist.in(db, java.time.Clock.systemUTC()).blocked("192.0.2.9", "s@example.net"));
    }

    /**
     * {@code sudo bayard db import} into a new store in the folder of a service that runs as a
     * user of its own (made for it with {@code install -d -o bayard}): data.mdb and lock.mdb were
     * root's, and serve, started as that user, refused to start until they were chowned. The store
     * files root makes there now belong to the folder's owner and group, and serve starts on them.
     * The service's user is a uid and gid of no one (nobody's, 65534), with no capabilities.
     */
    @Test
    void aStoreRootImportsIntoTheServicesFolderIsTheServicesAndServeStartsOnIt() throws Exception {
        Path dump = tmp.resolve("store.dump.gz");
        Cli.Result exported = new Cli(gates.copy(tmp.resolve("source"))).run("db", "export", dump.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // the service's user reaches its folder
        Path service = Files.createDirectory(tmp.resolve("service"));
        Path db = Files.createDirectory(service.resolve("db"));
        for (Path folder : List.of(service, db)) {
            Files.setAttribute(folder, "unix:uid", SERVICE_ID);
            Files.setAttribute(folder, "unix:gid", SERVICE_ID);
        }

        Cli.Result imported = new Cli(db).run("db", "import", dump.toString());

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        for (String name : List.of("data.mdb", "lock.mdb")) {
            Path file = db.resolve(name);
            assertThat(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(name + "'s owner").isEqualTo(SERVICE_ID);
            assertThat(Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as(name + "'s group").isEqualTo(SERVICE_ID);
        }
        Path log = tmp.resolve("as-the-service.log");
        ServeProcess.start(asTheService(db, service.resolve("db-quarantine")), log, processes);
        assertThat(GateFaultsTest.listeningPort(log, 0)).as("serve started as the service's user").isPositive();
    }

    /**
     * {@code sudo bayard learn --db /var/lib/bayard/db} with no db folder yet, in the service's
     * /var/lib/bayard: the store folder it made was root's (rwxr-xr-x), and serve, started as the
     * service's user, refused to start. The folders it makes are now the parent folder owner's.
     */
    @Test
    void aStoreFolderRootMakesInTheServicesFolderIsTheServicesAndServeStartsOnIt() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // the service's user reaches its folder
        Path service = Files.createDirectory(tmp.resolve("service"));
        Files.setAttribute(service, "unix:uid", SERVICE_ID);
        Files.setAttribute(service, "unix:gid", SERVICE_ID);
        Path db = service.resolve("db");

        Cli.Result learned = new Cli(db).run("learn", "--spam", "../samples/held-out/spam-1.eml");

        assertThat(learned.exitCode()).as(learned.err()).isZero();
        for (Path made : List.of(db, db.resolve("data.mdb"), db.resolve("lock.mdb"))) {
            assertThat(Files.getAttribute(made, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(made + "'s owner").isEqualTo(SERVICE_ID);
            assertThat(Files.getAttribute(made, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as(made + "'s group").isEqualTo(SERVICE_ID);
        }
        Path log = tmp.resolve("as-the-service.log");
        ServeProcess.start(asTheService(db, service.resolve("db-quarantine")), log, processes);
        assertThat(GateFaultsTest.listeningPort(log, 0)).as("serve started as the service's user").isPositive();
    }

    /**
     * serve as the uid and gid {@link #SERVICE_ID}, without root's capabilities, on a class path
     * that user can read (a copy, see {@link ClassPathCopy}), with a temporary folder of its own.
     */
    private List<String> asTheService(Path db, Path q) throws Exception {
        List<String> classPath = ClassPathCopy.into(tmp.resolve("class-path")).stream().map(Path::toString).toList();
        List<String> command = new java.util.ArrayList<>(ServeProcess.command(List.of("setpriv", "--reuid=" + SERVICE_ID,
                "--regid=" + SERVICE_ID, "--clear-groups"), db, q, FreePorts.next()));
        command.set(command.indexOf("-cp") + 1, String.join(java.io.File.pathSeparator, classPath));
        // where the JVM extracts LMDB's and jffi's native code: /tmp may not be writable by all
        Path nativeCode = Files.createDirectory(tmp.resolve("service-tmp"));
        Files.setAttribute(nativeCode, "unix:uid", SERVICE_ID);
        command.add(command.indexOf("-cp"), "-Djava.io.tmpdir=" + nativeCode);
        return command;
    }

    /**
     * Held messages copied in as another user's, readable by all (rw-r--r--), in the service's
     * own quarantine: listed, but every decision failed, since a decision locks the message for
     * writing; they stayed held for good. Refused at start, naming the message and the chown.
     */
    @Test
    void aHeldMessageOfAnotherUserIsRefusedAtStartThoughReadable() throws Exception {
        Path db = gates.copy(tmp);
        Path q = Files.createDirectories(tmp.resolve("q/tmp")).getParent();
        Path held = Files.writeString(q.resolve("MWQ4Q24Y.1.eml"), "Subject: held\r\n\r\nheld\r\n");
        Files.writeString(q.resolve("MWQ4Q24Y.1.json"), "{\"rcpt\":[\"u@example.test\"]}");
        giveToNobody(held);

        String said = refusedStart(db, q);

        assertThat(said).contains(held + " belongs to nobody (rw-r--r--)").contains("could not be read, released or discarded");
        chownAsSaid(said);
        assertThat(started(db, q)).isPositive();
    }

    /**
     * smtp.quarantine naming a folder not made yet, where the service's user may not make it
     * (/var/spool/bayard): serve said only "/var/spool/bayard: permission denied". It now names
     * the folder's owner and the command that makes it; once made so, serve starts.
     */
    @Test
    void aQuarantineThatCannotBeMadeNamesTheCommandThatMakesIt() throws Exception {
        Path db = gates.copy(tmp);
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        giveToNobody(spool);
        Path q = spool.resolve("bayard");

        String said = refusedStart(db, q);

        assertThat(said).contains("the quarantine " + q + " is not there").contains("belongs to nobody");
        Matcher m = Pattern.compile("\\((install -d [^)]*)\\)").matcher(said);
        assertThat(m.find()).as(said).isTrue();
        Commands.succeeds("sh", "-c", m.group(1));
        assertThat(started(db, q)).isPositive();
    }

    /**
     * A quarantine under systemd's ProtectSystem=strict without a ReadWritePaths= for it (here a
     * read-only bind mount): refused at start as on a read-only file system, with where to name
     * it, rather than with a chmod that cannot help.
     */
    @Test
    void aQuarantineOnAReadOnlyMountIsRefusedAtStartNamingReadWritePaths() throws Exception {
        Path db = gates.copy(tmp);
        Path q = Files.createDirectories(tmp.resolve("q/tmp")).getParent();
        sh("mount", "--bind", q.toString(), q.toString());
        try {
            sh("mount", "-o", "remount,bind,ro", q.toString());
            Path log = tmp.resolve("ro.log");
            Process serve = ServeProcess.start(ServeProcess.command(List.of(), db, q, FreePorts.next()), log, processes);
            boolean ended = serve.waitFor(60, TimeUnit.SECONDS);
            String said = Files.readString(log);
            assertThat(ended).as("serve refused to start; it said: %s", said).isTrue();
            assertThat(serve.exitValue()).as(said).isEqualTo(1);
            assertThat(said).contains(q + " is on a read-only file system").contains("ReadWritePaths=")
                    .doesNotContain("chmod").doesNotContain("Exception");
        } finally {
            for (Process p : processes) ChildJvm.kill(p);
            sh("umount", q.toString());
        }
    }

    private static void sh(String... command) throws Exception {
        Commands.succeeds(command);
    }

    private static void assertOwnedByNobody(Path... files) throws Exception {
        for (Path f : files) {
            assertThat(Files.getOwner(f, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName()).as(f.toString()).isEqualTo("nobody");
        }
    }

    private static void giveToNobody(Path top) throws Exception {
        UserPrincipal nobody = top.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : all.toList()) {
                Files.setOwner(p, nobody);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    /** Runs the chown that the refusal names, as a postmaster would paste it. */
    private static void chownAsSaid(String said) throws Exception {
        Matcher m = CHOWN.matcher(said);
        assertThat(m.find()).as("the refusal names a chown: %s", said).isTrue();
        Commands.succeeds("sh", "-c", "chown -R " + m.group(1));
    }

    private List<String> serveWithoutRootsFileAccess(Path db, Path q) throws Exception {
        return ServeProcess.command(RootWithoutFileAccess.PREFIX, db, q, FreePorts.next());
    }

    private String refusedStart(Path db, Path q) throws Exception {
        Path log = tmp.resolve("refused.log");
        Process serve = ServeProcess.start(serveWithoutRootsFileAccess(db, q), log, processes);
        boolean ended = serve.waitFor(60, TimeUnit.SECONDS);
        String said = Files.readString(log);
        assertThat(ended).as("serve refused to start; it said: %s", said).isTrue();
        assertThat(serve.exitValue()).as(said).isEqualTo(1);
        List<String> lines = said.lines().filter(l -> l.startsWith("bayard: ")).toList();
        assertThat(lines).as(said).hasSize(1);
        assertThat(said).doesNotContain("Exception").doesNotContain("listening");
        return lines.getFirst();
    }

    private int started(Path db, Path q) throws Exception {
        Path log = tmp.resolve("started.log");
        ServeProcess.start(serveWithoutRootsFileAccess(db, q), log, processes);
        return GateFaultsTest.listeningPort(log, 0);
    }
}
