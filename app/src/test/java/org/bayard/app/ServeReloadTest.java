package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import org.bayard.smtp.Sinks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.smtp.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard serve} (a child JVM) reloads its configuration when the file changes and on
 * SIGHUP; a bad file is refused with a log line and the running configuration stays.
 */
class ServeReloadTest {
    @TempDir static Path shared;
    static Path trained;
    @TempDir Path tmp;
    Process serve;
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    Path config;
    Path log;

    @BeforeAll
    static void train() {
        trained = SampleStore.trained(shared.resolve("db"));
    }

    @AfterEach
    void stop() throws Exception {
        ChildJvm.kill(serve);
    }

    /**
     * Waits up to 30 s: the child JVM logged a reload more than 10 s after the signal
     * while two other builds shared the 2 cores (the test once failed so, and passed alone).
     */
    static void waitForLog(Path log, String text, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String s = Files.exists(log) ? Files.readString(log) : "";
            if (s.split(Pattern.quote(text), -1).length - 1 >= count) return;
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' (x" + count + ") in the log:\n" + Files.readString(log));
    }

    /** Waits up to 30 s until process {@code pid} waits for a lock on {@code file}: the kernel lists its request as blocked. */
    static void waitForBlockedLock(long pid, Path file) throws Exception {
        String inode = ":" + Files.getAttribute(file, "unix:ino") + " ";
        String owner = " " + pid + " ";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.readAllLines(Path.of("/proc/locks")).stream().anyMatch(l -> l.contains("->") && l.contains(owner) && l.contains(inode))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("process " + pid + " did not wait for a lock on " + file + " within 30 s");
    }

    int spamReply(int port) throws Exception {
        return GateFaultsTest.send(port, GateFaultsTest.message("spam-1.eml", System.nanoTime()), "s" + System.nanoTime() + "@example.net");
    }

    @Test
    void aChangedFileAndSighupReloadAndABadFileIsRefused() throws Exception {
        // SIGHUP as a service manager leaves it, whether or not this JVM inherited it ignored (under nohup)
        startServe("--default-signal=HUP");
        assertThat(Files.readString(log)).doesNotContain("SIGHUP is ignored");
        Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(log));
        assertThat(m.find()).isTrue();
        int port = Integer.parseInt(m.group(1));
        assertThat(spamReply(port)).isEqualTo(550);

        // a bad file: refused, with the reason; the old rules stay
        Files.writeString(config, "policy:\n  reject-score: 10\n  hold-score: 20\n");
        waitForLog(log, "refused (file changed), keeping the running one", 1);
        assertThat(Files.readString(log)).contains("policy.hold-score 20.0 is above policy.reject-score 10.0");
        assertThat(spamReply(port)).isEqualTo(550);

        // an emptied file (an editor's save caught half way) is refused too, not run as the defaults
        Files.writeString(config, "");
        waitForLog(log, "refused (file changed), keeping the running one", 2);
        assertThat(Files.readString(log)).contains("the file is empty");
        assertThat(spamReply(port)).isEqualTo(550);

        // a good file and SIGHUP: once the signal's reload is logged, the new rules apply
        // (the watcher may have reloaded the file a moment before; the signal's reload reads it again)
        Files.writeString(config, "policy:\n  reject-score: 100\n  hold-score: 100\n  tag-score: 5\n  unsure-action: tag\n");
        assertThat(Commands.run("kill", "-HUP", String.valueOf(serve.pid())).exit()).isZero();
        waitForLog(log, "reloaded (SIGHUP)", 1);
        assertThat(spamReply(port)).isEqualTo(250); // tagged and relayed now
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.get(0).text()).contains("X-Spam-Flag: YES");

        // and a plain edit is picked up without a signal
        int seen = count(log, "reloaded (file changed)");
        Files.writeString(config, "policy:\n  reject-score: 10\n");
        waitForLog(log, "reloaded (file changed)", seen + 1);
        assertThat(spamReply(port)).isEqualTo(550);
        assertThat(serve.isAlive()).isTrue();
    }

    /**
     * A reload took a tag-score above the hold-score (no message tagged for its score any more) and
     * a reject-score of .inf (nothing rejected): each is refused with the line config check gives,
     * naming the keys, and the running policy stays.
     */
    @Test
    void aReloadRefusesContradictoryThresholdsAndNumbersThatAreNotFinite() throws Exception {
        startServe("--default-signal=HUP");
        int port = listeningPort();
        Files.writeString(config, "policy:\n  reject-score: 10\n  hold-score: 5\n  tag-score: 8\n");
        waitForLog(log, "refused (file changed), keeping the running one", 1);
        assertThat(Files.readString(log)).contains("policy.tag-score 8.0 is above policy.hold-score 5.0");
        assertThat(spamReply(port)).isEqualTo(550);
        Files.writeString(config, "policy:\n  reject-score: .inf\n");
        waitForLog(log, "refused (file changed), keeping the running one", 2);
        assertThat(Files.readString(log)).contains("policy.reject-score must be a finite number");
        assertThat(spamReply(port)).isEqualTo(550);
        assertThat(count(log, "reloaded")).isZero();
    }

    /**
     * A reload named the settings that need a restart by comparing with the previous reload, not
     * with what serve runs: after one reload had named classifier, the next edit (of anything)
     * said nothing about it, and the postmaster took the new cutoffs as applied.
     */
    @Test
    void settingsThatNeedARestartAreNamedAtEveryReloadUntilRestarted() throws Exception {
        startServe("--default-signal=HUP");
        Files.writeString(config, "policy:\n  reject-score: 10\nclassifier:\n  spam-cutoff: 0.95\n");
        waitForLog(log, "reloaded (file changed)", 1);
        assertThat(Files.readString(log)).contains("these need a restart and keep their old values: classifier");
        Files.writeString(config, "policy:\n  reject-score: 11\nclassifier:\n  spam-cutoff: 0.95\n");
        waitForLog(log, "reloaded (file changed)", 2);
        String second = Files.readString(log).lines().filter(l -> l.contains("reloaded (file changed)")).toList().get(1);
        assertThat(second).contains("these need a restart and keep their old values: classifier");
    }

    /**
     * The watcher compared time stamps only: a rewrite within the file system's time-stamp tick
     * (or by a tool that keeps the stamp, as {@code cp -p} and rsync do) was never applied until
     * the next edit or SIGHUP. Here the new text has the old length and the old time stamp.
     */
    @Test
    void aRewriteThatKeepsTheTimeStampAndSizeIsStillReloaded() throws Exception {
        startServe("--default-signal=HUP");
        FileTime stamp = Files.getLastModifiedTime(config);
        Files.writeString(config, "policy:\n  reject-score: 11\n");
        Files.setLastModifiedTime(config, stamp);
        waitForLog(log, "reloaded (file changed)", 1);
    }

    /**
     * With {@code --listen} on the command line the file's {@code smtp.listen} is not used, so an
     * edit of it is not a setting that "needs a restart": a reload said so, and a restart changed
     * nothing. The same holds for {@code --http} and {@code http.listen}.
     */
    @Test
    void aListenAddressOverriddenOnTheCommandLineIsNotNamedOnReload() throws Exception {
        startServe("--default-signal=HUP");
        Files.writeString(config, "policy:\n  reject-score: 10\nsmtp:\n  listen: 127.0.0.1:2626\n");
        waitForLog(log, "reloaded (file changed)", 1);
        assertThat(Files.readString(log)).doesNotContain("need a restart");
    }

    /**
     * An editor or a deployment tool that writes the file in several writes left, between them, a
     * shorter file that was still valid YAML (the first sections; the rest at their defaults),
     * and the watcher applied it until the rest arrived. Here the file grows a line every 200 ms
     * for about 2.4 s, so a watcher that reads it every second sees it unfinished at least twice;
     * each unfinished state lasts well below the settle interval, so only the finished file may
     * be applied: one reload, no refusal, and its rules in force.
     */
    @Test
    void aFileWrittenInSeveralWritesIsAppliedOnlyOnceFinished() throws Exception {
        startServe("--default-signal=HUP");
        int port = listeningPort();
        List<String> lines = List.of("smtp:\n", "  max-recipients: 900\n", "  max-connections: 400\n", "  relay-domains: []\n",
                "autolearn:\n", "  enabled: false\n", "classifier:\n", "policy:\n", "  tag-score: 5\n", "  unsure-action: tag\n",
                "  hold-score: 100\n", "  reject-score: 100\n");
        try (var out = java.nio.channels.FileChannel.open(config, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            for (String line : lines) {
                out.write(java.nio.ByteBuffer.wrap(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                Thread.sleep(200);
            }
        }
        waitForLog(log, "reloaded (file changed)", 1);
        assertThat(spamReply(port)).isEqualTo(250); // the finished file's reject-score 100: tagged and relayed
        // One more change, whose reload line names the mode: the watcher, one thread, logs it after
        // every reload of what the writes above left, so a watcher that applied an unfinished
        // state has said so by then.
        Files.writeString(config, String.join("", lines).replace("smtp:\n", "smtp:\n  mode: after-queue\n  blocklist-hours: 0\n"));
        waitForLog(log, "now after the queue", 1);
        assertThat(Files.readString(log)).doesNotContain("refused");
        assertThat(count(log, "reloaded (file changed)")).as("the finished file's reload and the later change's").isEqualTo(2);
    }

    /** SIGHUP says the file is finished: it does not wait for the settle interval, and the watcher then has nothing to apply. */
    @Test
    void sighupAppliesTheFileAtOnceAndTheWatcherDoesNotApplyItAgain() throws Exception {
        startServe("--default-signal=HUP");
        int port = listeningPort();
        Files.writeString(config, "policy:\n  reject-score: 100\n  hold-score: 100\n  tag-score: 5\n  unsure-action: tag\n");
        assertThat(Commands.run("kill", "-HUP", String.valueOf(serve.pid())).exit()).isZero();
        waitForLog(log, "reloaded (SIGHUP)", 1);
        assertThat(spamReply(port)).isEqualTo(250);
        // no event to wait for: the watcher says nothing while a change settles, and acts on its own clock
        Thread.sleep(2500); // past the settle interval and a few reads of the file
        assertThat(Files.readString(log)).doesNotContain("reloaded (file changed)");
    }

    /**
     * A file that config check accepts with a warning (unsure-action tag with unsure bands below
     * tag-score: every unsure message relayed "X-Spam-Flag: YES" with "Yes, score=1.5
     * required=5.0") was started and reloaded by serve without a word: the postmaster who edited
     * the live file, as the README's reload section says, saw "reloaded" and never the warning.
     */
    @Test
    void whatConfigCheckWarnsAboutServeSaysAtStartAndAtAReload() throws Exception {
        String tagged = "policy:\n  reject-score: 10\n  unsure-action: tag\n";
        startServe("--default-signal=HUP", true, tagged);
        assertThat(Files.readString(log)).contains("bayard serve: " + config + ": warning: policy.unsure-action tag flags"
                + " Bayes-unsure mail X-Spam-Flag: YES");
        Files.writeString(config, "policy:\n  reject-score: 10\n");
        waitForLog(log, "reloaded (file changed)", 1);
        assertThat(count(log, "warning: policy.unsure-action tag")).isEqualTo(1); // none for a file without the problem
        Files.writeString(config, tagged);
        waitForLog(log, "reloaded (file changed)", 2);
        waitForLog(log, "warning: policy.unsure-action tag", 2);
    }

    private int listeningPort() throws Exception {
        Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(log));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /**
     * smtp.mode switched to after-queue by a reload applies to the next message (spam held with
     * 250, not refused), and serve says which mode it runs in: a postmaster who moved it behind
     * Postfix's content_filter could not tell from its start line that spam would still get 550,
     * which Postfix turns into a bounce to the sender.
     */
    @Test
    void aReloadToAfterQueueHoldsSpamAndServeSaysWhichModeItRuns() throws Exception {
        startServe("--default-signal=HUP");
        int port = listeningPort();
        assertThat(Files.readString(log)).contains("before the queue (smtp.mode before-queue): spam rejected with 550");
        assertThat(spamReply(port)).isEqualTo(550);
        Files.writeString(config, "policy:\n  reject-score: 10\nsmtp:\n  mode: after-queue\n  blocklist-hours: 0\n");
        waitForLog(log, "reloaded (file changed)", 1);
        assertThat(Files.readString(log)).contains("now after the queue (smtp.mode after-queue): spam held, never rejected");
        assertThat(spamReply(port)).isEqualTo(250);
        assertThat(sink.delivered).isEmpty();
    }

    /** A removed file went unremarked: the postmaster could not tell that serve still ran on the old one. */
    @Test
    void aRemovedFileIsReportedAndItsReturnIsReloaded() throws Exception {
        startServe("--default-signal=HUP");
        Files.delete(config);
        waitForLog(log, "cannot be read (no such file: removed?), keeping the running one", 1);
        assertThat(serve.isAlive()).isTrue();
        Files.writeString(config, "policy:\n  reject-score: 10\n");
        waitForLog(log, "reloaded (file changed)", 1);
    }

    /**
     * A file changed while serve was starting was never applied: the start had read the file
     * before the change, but the watcher, made at the end of the start, took the file as it then
     * found it for the one in force, and saw nothing to reload. The start can take minutes (every
     * page of a large store is read first; another gate recovering the shared quarantine is waited
     * for, which is what holds it here), and the postmaster switches to after-queue meanwhile:
     * once serve listens, that change is applied.
     */
    @Test
    void aFileChangedWhileServeStartsIsAppliedOnceItListens() throws Exception {
        Path q = Files.createDirectories(tmp.resolve("q"));
        try (java.nio.channels.FileChannel gates = java.nio.channels.FileChannel.open(q.resolve("gates.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock recovering = gates.lock(); // as another gate starting alone holds it
            // a file config check warns about: serve says so as soon as it has read it
            launchServe("--default-signal=HUP", true, "policy:\n  reject-score: 10\n  unsure-action: tag\n", SampleStore.copy(trained, tmp));
            waitForLog(log, "warning: policy.unsure-action tag", 1);
            Files.writeString(config, "policy:\n  reject-score: 10\nsmtp:\n  mode: after-queue\n  blocklist-hours: 0\n");
            waitForBlockedLock(serve.pid(), q.resolve("gates.lock"));
            assertThat(Files.readString(log)).as("still starting").doesNotContain("listening on");
            recovering.release();
        }
        waitForLog(log, "listening on", 1);
        assertThat(Files.readString(log)).contains("before the queue (smtp.mode before-queue)"); // the file as the start read it
        waitForLog(log, "reloaded (file changed)", 1);
        assertThat(Files.readString(log)).contains("now after the queue (smtp.mode after-queue)");
        assertThat(spamReply(listeningPort())).isEqualTo(250);
        assertThat(sink.delivered).isEmpty();
    }

    /**
     * A file the service's user cannot read any more (put in place by root with mode 600, or, here,
     * a folder in its place) was reported as "cannot be read (removed?)": the postmaster looked
     * for a removed file that was there. The line gives the reason.
     */
    @Test
    void aFileThatCannotBeReadIsReportedWithItsReason() throws Exception {
        startServe("--default-signal=HUP");
        Files.delete(config);
        Files.createDirectory(config);
        waitForLog(log, "cannot be read (is a directory), keeping the running one", 1);
        assertThat(serve.isAlive()).isTrue();
        Files.delete(config);
        Files.writeString(config, "policy:\n  reject-score: 10\n");
        waitForLog(log, "reloaded (file changed)", 1);
    }

    static int count(Path log, String text) throws Exception {
        return Files.readString(log).split(Pattern.quote(text), -1).length - 1;
    }

    /** Started under a parent that ignores SIGHUP, it says so at start instead of dropping the signal silently. */
    @Test
    void anIgnoredSighupIsReported() throws Exception {
        startServe("--ignore-signal=HUP");
        assertThat(Files.readString(log)).contains("SIGHUP is ignored in this process").contains("file changes still reload");
    }

    /**
     * Without a configuration file nothing caught SIGHUP, so the JVM's default action ended the
     * gate (exit 129, not a word logged): a service manager's "reload" stopped the mail.
     */
    @Test
    void sighupWithoutAConfigurationFileKeepsServing() throws Exception {
        startServe("--default-signal=HUP", false);
        assertThat(Commands.run("kill", "-HUP", String.valueOf(serve.pid())).exit()).isZero();
        waitForLog(log, "SIGHUP: no configuration file to reload", 1);
        assertThat(serve.isAlive()).isTrue();
        Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(log));
        assertThat(m.find()).isTrue();
        assertThat(spamReply(Integer.parseInt(m.group(1)))).isEqualTo(550);
    }

    private void startServe(String signalOption) throws Exception {
        startServe(signalOption, true);
    }

    /**
     * Starts {@code bayard serve} with {@link #config} rejecting at 10, in a child JVM, through
     * coreutils' {@code env} with {@code signalOption} (how SIGHUP starts out), and waits until it listens.
     */
    private void startServe(String signalOption, boolean withConfig) throws Exception {
        startServe(signalOption, withConfig, "policy:\n  reject-score: 10\n");
    }

    /** As above, with {@link #config} holding {@code configText} at the start. */
    private void startServe(String signalOption, boolean withConfig, String configText) throws Exception {
        launchServe(signalOption, withConfig, configText, SampleStore.copy(trained, tmp));
        waitForLog(log, "listening on", 1);
    }

    /** Starts serve as {@link #startServe} does, on the store {@code db}, without waiting for it to listen. */
    private void launchServe(String signalOption, boolean withConfig, String configText, Path db) throws Exception {
        sink = sinks.start();
        config = tmp.resolve("bayard.yaml");
        Files.writeString(config, configText);
        log = tmp.resolve("serve.log");
        List<String> cmd = new ArrayList<>(List.of("env", signalOption, "-u", "BAYARD_CONFIG"));
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc")) cmd.add(a);
        }
        cmd.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.bayard.app.Main", "serve"));
        if (withConfig) cmd.addAll(List.of("-c", config.toString()));
        cmd.addAll(List.of("--db", db.toString(), "--listen", "127.0.0.1:0", "--next-hop", "127.0.0.1:" + sink.address().getPort(),
                "--quarantine", tmp.resolve("q").toString()));
        serve = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
