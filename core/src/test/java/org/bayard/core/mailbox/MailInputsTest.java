package org.bayard.core.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.bayard.core.mailbox.Bytes.of;
import static org.bayard.core.mailbox.Bytes.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bayard.core.mailbox.RawMessage.Anomaly;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailInputsTest {

    @TempDir
    Path dir;

    private Path file(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, of(content));
        return p;
    }

    private static List<RawMessage> readAll(MailInputs inputs) {
        List<RawMessage> out = new ArrayList<>();
        try (inputs) {
            inputs.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<RawMessage> readAll(Path... paths) {
        List<String> args = new ArrayList<>();
        for (Path p : paths) args.add(p.toString());
        return readAll(new MailInputs(args, InputStream.nullInputStream()));
    }

    /** Origins relative to the temp dir, so expectations read like the tree. */
    private List<String> origins(List<RawMessage> messages) {
        String prefix = dir + "/";
        return messages.stream().map(m -> m.origin().replace(prefix, "")).toList();
    }

    @Test
    void stdinIsOneMessageReadByteForByteEvenIfItLooksLikeAnMbox() {
        String content = "From a\nx\n\nFrom b\n>From y\n";
        var inputs = new MailInputs(List.of("-"), new ByteArrayInputStream(of(content)));
        assertThat(readAll(inputs)).containsExactly(new RawMessage("<stdin>", of(content), Set.of(Anomaly.MAILBOX_ON_STDIN)));
    }

    /** An MMDF mailbox piped in, even of one message, is flagged: '-' keeps its delimiters, which are no mail. */
    @Test
    void stdinStartingWithAnMmdfDelimiterIsFlaggedAsAMailbox() {
        String one = "\u0001\u0001\u0001\u0001\r\nA: 1\r\n\r\nx\r\n\u0001\u0001\u0001\u0001\r\n";
        assertThat(readAll(new MailInputs(List.of("-"), new ByteArrayInputStream(of(one)))))
                .containsExactly(new RawMessage("<stdin>", of(one), Set.of(Anomaly.MAILBOX_ON_STDIN)));
        String body = "A: 1\n\n\u0001\u0001\u0001\u0001x\n";
        assertThat(readAll(new MailInputs(List.of("-"), new ByteArrayInputStream(of(body)))).get(0).anomalies()).isEmpty();
    }

    /** Standard input holding one message with a body paragraph "From the desk of ..." was said to look like a mailbox. */
    @Test
    void stdinWithARealEnvelopeLineAndABodyFromLineIsNotTakenForAMailbox() {
        String one = "From alice@example.org Mon Jan  1 00:00:00 2024\nA: 1\n\nFrom the desk of the treasurer\n";
        assertThat(readAll(new MailInputs(List.of("-"), new ByteArrayInputStream(of(one))))).containsExactly(new RawMessage("<stdin>", of(one)));
        String two = one + "\nFrom bob@example.org Tue Jan  2 10:11 2024\nB: 2\n";
        assertThat(readAll(new MailInputs(List.of("-"), new ByteArrayInputStream(of(two)))).get(0).anomalies()).containsExactly(Anomaly.MAILBOX_ON_STDIN);
    }

    /** 'cat spam.mbox | bayard learn --spam -' learned the mailbox as one message without a word. */
    @Test
    void stdinThatLooksLikeAMailboxIsFlaggedAndALoneMessageIsNot() {
        assertThat(StdinMessage.looksLikeMailbox(of("From a\r\nA: 1\r\n\r\nx\r\n\r\nFrom b\r\nB: 2\r\n"))).isTrue();
        assertThat(StdinMessage.looksLikeMailbox(of("From a\nA: 1\n\n>From here\nFrom there\n\n"))).isFalse();
        assertThat(StdinMessage.looksLikeMailbox(of("A: 1\n\nx\n\nFrom b\n"))).as("a message without envelope").isFalse();
        assertThat(StdinMessage.looksLikeMailbox(of("From a\n\n\n"))).isFalse();
        var inputs = new MailInputs(List.of("-"), new ByteArrayInputStream(of("From a\nSubject: s\n\nbody\n")));
        assertThat(readAll(inputs).get(0).anomalies()).isEmpty();
    }

    @Test
    void stdinOverTheLimitIsCutFlaggedAndReadToItsEnd() throws IOException {
        var stdin = new ByteArrayInputStream(of("0123456789abcdef"));
        var inputs = new MailInputs(List.of("-"), stdin, 10);
        assertThat(readAll(inputs)).containsExactly(new RawMessage("<stdin>", of("0123456789"), Set.of(Anomaly.TRUNCATED)));
        assertThat(stdin.read()).isEqualTo(-1);
    }

    @Test
    void stdinCanBeNamedOnlyOnce() {
        assertThatThrownBy(() -> new MailInputs(List.of("-", "x", "-"), InputStream.nullInputStream()))
                .isInstanceOf(MailInputException.class)
                .hasMessage("cannot read -: standard input can be read only once");
    }

    @Test
    void missingPathErrorNamesThePathAndSaysNoSuchFile() {
        Path missing = dir.resolve("x/y");
        assertThatThrownBy(() -> readAll(missing))
                .isInstanceOf(MailInputException.class)
                .hasMessage("cannot read " + missing + ": no such file")
                .extracting(e -> ((MailInputException) e).path()).isEqualTo(missing.toString());
    }

    @Test
    void missingPathIsReportedWhenReachedAfterEverythingBeforeIt() throws IOException {
        Path good = file("good.eml", "Subject: ok\n\nbody\n");
        Path missing = dir.resolve("missing.eml");
        MailInputs inputs = new MailInputs(List.of(good.toString(), missing.toString()), InputStream.nullInputStream());
        assertThat(inputs.next().origin()).isEqualTo(good.toString());
        assertThatThrownBy(inputs::hasNext).hasMessage("cannot read " + missing + ": no such file");
        inputs.close();
    }

    @Test
    void checkPathsReportsABadArgumentBeforeAnythingIsRead() throws IOException {
        Path good = file("good.eml", "x\n");
        MailInputs inputs = new MailInputs(List.of(good.toString(), "-", dir.resolve("nope").toString()), InputStream.nullInputStream());
        assertThatThrownBy(inputs::checkPaths).hasMessage("cannot read " + dir.resolve("nope") + ": no such file");
        inputs.close();
    }

    // JDK 25 reports ENOTDIR from stat as NoSuchFileException; either wording is true and clear.
    @Test
    void pathThroughAFileNamesThePathAndAReasonInWords() throws IOException {
        Path through = file("plain", "x\n").resolve("child");
        assertThatThrownBy(() -> readAll(through))
                .isInstanceOf(MailInputException.class)
                .hasMessageMatching("cannot read " + java.util.regex.Pattern.quote(through.toString()) + ": (no such file|not a directory)");
    }

    @Test
    void emptyArgumentIsRejectedRatherThanReadAsTheCurrentDirectory() {
        assertThatThrownBy(() -> readAll(new MailInputs(List.of(""), InputStream.nullInputStream())))
                .hasMessage("cannot read '': empty path");
    }

    @Test
    void unreadableFileSaysPermissionDenied() throws IOException {
        assumeThat(System.getProperty("user.name")).as("root reads everything").isNotEqualTo("root");
        Path secret = file("secret.eml", "x\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> readAll(secret)).hasMessage("cannot read " + secret + ": permission denied");
    }

    @Test
    void singleMessageFileWithEnvelopeLineIsOneMessageByteForByte() throws IOException {
        String content = "From spammer@example.com  Thu Aug 22 13:17:22 2002\nSubject: buy\n\n>From now on\n";
        Path p = file("0001.eml", content);
        assertThat(readAll(p)).containsExactly(new RawMessage(p.toString(), of(content)));
    }

    @Test
    void mboxFileYieldsEachMessageNamedByItsIndex() throws IOException {
        Path p = file("box", "From a\none\n\nFrom b\ntwo\n\nFrom c\nthree\n");
        List<RawMessage> got = readAll(p);
        assertThat(origins(got)).containsExactly("box#1", "box#2", "box#3");
        assertThat(got).extracting(m -> text(m.bytes())).containsExactly("one\n", "two\n", "three\n");
    }

    /** Regression: the whole mailbox was one message (learned as one, with three messages' words). */
    @Test
    void mboxFileStartingWithABlankLineYieldsEachMessage() {
        List<RawMessage> got = threeMessagesOf("mbox-starting-with-a-blank-line-read-as-one-message.mbox");
        assertThat(text(got.get(2).bytes())).startsWith("From: sender3@example.org\n").endsWith("body 3\n");
    }

    /** Regression: a mailbox that frames by Content-Length and does not escape From lines gave five messages for three. */
    @Test
    void mboxcl2FileYieldsEachMessageWholeByItsContentLength() {
        List<RawMessage> got = threeMessagesOf("mboxcl2-unescaped-from-lines-split-one-message-in-two.mbox");
        assertThat(text(got.get(0).bytes())).contains("\n\nFrom the desk of the treasurer").endsWith("\nFrom now on, reply to me.\n");
        assertThat(text(got.get(2).bytes())).endsWith("last words\n\nFrom here on, nothing.\n");
    }

    /** Regression: an MMDF mailbox was one message, its Ctrl-A delimiters and all. */
    @Test
    void mmdfFileYieldsEachMessageWithoutItsDelimiters() {
        List<RawMessage> got = threeMessagesOf("mmdf-mailbox-read-as-one-message-with-its-delimiters.mmdf");
        assertThat(text(got.get(0).bytes())).startsWith("Return-Path: <news@shop.example>\n").endsWith("80 percent on watches.\n");
        assertThat(text(got.get(1).bytes())).endsWith("\n\nFrom the desk of the secretary.\n");
        assertThat(got).allMatch(m -> text(m.bytes()).indexOf('\u0001') < 0);
    }

    /** Regression: "From the desk of ..." after a blank line split a message of a mailbox of real envelope lines in two. */
    @Test
    void mboxOfRealEnvelopeLinesIsNotSplitAtABodyLineStartingWithFrom() {
        List<RawMessage> got = threeMessagesOf("mbox-from-the-desk-line-after-a-blank-line-split-one-message-in-two.mbox");
        assertThat(text(got.get(0).bytes())).contains("\n\nFrom the desk of the treasurer").endsWith("\n\nFrom now on, please pay by card.\n");
        assertThat(text(got.get(1).bytes())).startsWith("From: bob@example.org\n");
        assertThat(text(got.get(2).bytes())).startsWith("From: carol@example.org\n").endsWith("\n\nFrom Monday to Friday, lunch is at noon.\n");
    }

    /** The messages of the regression file {@code name}, checked to be three, each named by its place in the file. */
    private List<RawMessage> threeMessagesOf(String name) {
        Path p = Path.of("src/test/resources/regressions/" + name);
        List<RawMessage> got = readAll(p);
        assertThat(origins(got)).containsExactly(p + "#1", p + "#2", p + "#3");
        return got;
    }

    @Test
    void emptyFileIsOneEmptyMessage() throws IOException {
        Path p = file("empty.eml", "");
        assertThat(readAll(p)).containsExactly(new RawMessage(p.toString(), new byte[0]));
    }

    @Test
    void fileOverTheLimitIsCutAndFlagged() throws IOException {
        Path p = file("big.eml", "Subject: big\n\n" + "z".repeat(100));
        var inputs = new MailInputs(List.of(p.toString()), InputStream.nullInputStream(), 12);
        assertThat(readAll(inputs)).containsExactly(new RawMessage(p.toString(), of("Subject: big"), Set.of(Anomaly.TRUNCATED)));
    }

    @Test
    void maildirYieldsNewThenCurEachSortedByNameAndIgnoresTmp() throws IOException {
        file("md/cur/1700000002.b:2,S", "cur b\n");
        file("md/cur/1700000001.a:2,S", "cur a\n");
        file("md/new/1700000009.z", "new z\n");
        file("md/new/1700000003.c", "new c\n");
        file("md/tmp/1700000004.partial", "half");
        file("md/.Sent/cur/1", "other folder\n");
        Files.createDirectories(dir.resolve("md/cur/odd-subdir"));
        assertThat(origins(readAll(dir.resolve("md")))).containsExactly(
                "md/new/1700000003.c", "md/new/1700000009.z", "md/cur/1700000001.a:2,S", "md/cur/1700000002.b:2,S");
    }

    @Test
    void maildirSkipsHiddenFilesInCurAndNewAndTheServersOwnFiles() throws IOException {
        file("md/cur/1700000001.a:2,S", "cur a\n");
        file("md/cur/.1700000002.b:2,S", "hidden\n");
        file("md/new/.nfs000000001", "nfs leftover\n");
        file("md/new/1700000003.c", "new c\n");
        file("md/tmp/1700000004.d", "half");
        file("md/dovecot-uidlist", "3 V1 N5\n");
        file("md/dovecot.index.cache", "\0\0");
        file("md/maildirfolder", "");
        file("md/courierimapkeywords/:list", "x\n");
        assertThat(origins(readAll(dir.resolve("md")))).containsExactly("md/new/1700000003.c", "md/cur/1700000001.a:2,S");
    }

    /** Trashed (flag T): deleted by its reader and waiting to be expunged, often a spam moved to Junk from there. */
    @Test
    void maildirMessageMarkedTrashedIsNotRead() throws IOException {
        file("md/cur/1.a:2,ST", "moved to Junk\n");
        file("md/cur/2.b:2,T", "deleted\n");
        file("md/cur/3.c:2,FS", "kept\n");
        file("md/cur/4.d:2,Sab", "kept, with keywords\n");
        file("md/cur/5.T:2,", "a T in the name, not a flag\n");
        Files.createDirectories(dir.resolve("md/new"));
        assertThat(origins(readAll(dir.resolve("md")))).containsExactly("md/cur/3.c:2,FS", "md/cur/4.d:2,Sab", "md/cur/5.T:2,");
    }

    /**
     * Where ':' is not allowed in a file name (Windows, some synced or mounted folders) mail
     * clients put {@code ;2,} or {@code !2,} before the flags: a message trashed there was read.
     */
    @Test
    void maildirMessageMarkedTrashedAfterASemicolonOrBangSeparatorIsNotRead() throws IOException {
        file("md/cur/1.a;2,ST", "moved to Junk\n");
        file("md/cur/2.b!2,T", "deleted\n");
        file("md/cur/3.c;2,FS", "kept\n");
        file("md/cur/4.d!2,S", "kept\n");
        file("md/cur/5.T;2,", "a T in the name, not a flag\n");
        file("md/cur/6.e!2,x.T", "not an info part: a name with a dot after it\n");
        file("md/new/7.f;2,", "new\n");
        assertThat(readAll(dir.resolve("md"))).extracting(m -> text(m.bytes()))
                .containsExactly("new\n", "kept\n", "kept\n", "a T in the name, not a flag\n", "not an info part: a name with a dot after it\n");
        assertThat(origins(readAll(dir.resolve("md")))).containsExactly(
                "md/new/7.f;2,", "md/cur/3.c;2,FS", "md/cur/4.d!2,S", "md/cur/5.T;2,", "md/cur/6.e!2,x.T");
    }

    /**
     * A live Maildir changes while it is read: the IMAP server moves a message from new/ to cur/
     * once a client has seen it, and renames one in cur/ when its flags change (read, replied,
     * flagged). Each such message was skipped as "no such file" (the run then exiting 1), though it
     * was still in the folder under its new name; one the reader trashed meanwhile is not read.
     */
    @Test
    void maildirMessageRenamedWhileTheWalkRunsIsReadUnderItsNewName() throws IOException {
        file("md/new/1.a", "first\n");
        file("md/new/2.b", "seen meanwhile\n");
        file("md/cur/3.c:2,S", "replied to meanwhile\n");
        file("md/cur/4.d:2,S", "trashed meanwhile\n");
        file("md/cur/5.e:2,", "last\n");
        Path md = dir.resolve("md");
        List<String> read = new ArrayList<>();
        try (MailInputs inputs = new MailInputs(List.of(md.toString()), InputStream.nullInputStream())) {
            read.add(text(inputs.next().bytes())); // the walk has listed the folder
            Files.move(md.resolve("new/2.b"), md.resolve("cur/2.b:2,S"));
            Files.move(md.resolve("cur/3.c:2,S"), md.resolve("cur/3.c:2,RS"));
            Files.move(md.resolve("cur/4.d:2,S"), md.resolve("cur/4.d:2,ST"));
            inputs.forEachRemaining(m -> read.add(text(m.bytes()) + " from " + m.origin().substring(md.toString().length() + 1)));
        }
        assertThat(read).containsExactly("first\n", "seen meanwhile\n from cur/2.b:2,S", "replied to meanwhile\n from cur/3.c:2,RS",
                "last\n from cur/5.e:2,");
    }

    /**
     * A message the IMAP server moves from new/ to cur/ between the walk's listing of new/ and its
     * listing of cur/ is in both lists: it was read twice, and the second time counted once more
     * in the summary ("already learned"). The same unique name in both is one message.
     */
    @Test
    void maildirMessageListedInBothNewAndCurIsReadOnce() throws IOException {
        file("md/new/1.a", "moved as the walk listed the folders\n");
        file("md/cur/1.a:2,S", "moved as the walk listed the folders\n");
        file("md/cur/1.ab:2,S", "another message\n");
        assertThat(origins(readAll(dir.resolve("md")))).containsExactly("md/new/1.a", "md/cur/1.ab:2,S");
    }

    /** A message expunged (or moved to another folder) while the walk runs is still reported as missing. */
    @Test
    void maildirMessageGoneWhileTheWalkRunsIsReportedMissing() throws IOException {
        file("md/new/1.a", "first\n");
        file("md/new/2.b", "expunged meanwhile\n");
        file("md/new/2.bb", "a longer name that starts the same\n");
        Path md = dir.resolve("md");
        Files.createDirectories(md.resolve("cur"));
        try (MailInputs inputs = new MailInputs(List.of(md.toString()), InputStream.nullInputStream())) {
            inputs.next();
            Files.delete(md.resolve("new/2.b"));
            assertThatThrownBy(inputs::hasNext).isInstanceOf(MailInputException.class).hasMessageContaining("2.b");
            assertThat(text(inputs.next().bytes())).isEqualTo("a longer name that starts the same\n");
        }
    }

    /**
     * A mail client that empties the spool after fetching it (movemail, POP) or rewrites it after
     * an expunge cut the mailbox short while train read it: the message then being read was yielded
     * cut off, and learned as a message, with nothing said. It is refused, naming the mailbox.
     */
    @Test
    void aMailboxCutShortWhileItIsReadIsRefusedNotReadAsACutMessage() throws IOException {
        String body = "word ".repeat(40_000) + "\n"; // each message larger than the reader's buffer
        Path box = file("spool.mbox", "From a@example.org Mon Nov 23 10:00:00 2026\nSubject: one\n\n" + body + "\n"
                + "From b@example.org Mon Nov 23 10:00:01 2026\nSubject: two\n\n" + body + "\n"
                + "From c@example.org Mon Nov 23 10:00:02 2026\nSubject: three\n\n" + body);
        try (MailInputs inputs = new MailInputs(List.of(box.toString()), InputStream.nullInputStream())) {
            assertThat(text(inputs.next().bytes()).startsWith("Subject: one\n")).isTrue();
            try (var channel = java.nio.channels.FileChannel.open(box, java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(300_000); // in the middle of message two
            }
            assertThatThrownBy(inputs::hasNext).isInstanceOf(MailInputException.class)
                    .hasMessageContaining(box.toString()).hasMessageContaining("cut short while it was read");
            assertThat(inputs.hasNext()).isFalse();
        }
    }

    /** A copy that drops empty folders (git, some archivers) leaves a Maildir without new/: tmp/ was read as mail. */
    @Test
    void maildirWithoutItsEmptyNewFolderIsStillAMaildir() throws IOException {
        file("md/cur/1.a:2,S", "cur\n");
        file("md/tmp/2.b", "half a deliv");
        assertThat(origins(readAll(dir.resolve("md")))).containsExactly("md/cur/1.a:2,S");
        file("md2/new/1.a", "new\n");
        file("md2/tmp/2.b", "half a deliv");
        assertThat(origins(readAll(dir.resolve("md2")))).containsExactly("md2/new/1.a");
    }

    /** nmh's rmm renames a deleted message ,N (old MH: #N) and keeps it in the folder. */
    @Test
    void mhFolderYieldsItsNumberedMessagesNotItsSequencesOrDeletedMessages() throws IOException {
        file("mh/1", "one\n");
        file("mh/2", "two\n");
        file("mh/10", "ten\n");
        file("mh/,3", "deleted\n");
        file("mh/#4", "deleted by old MH\n");
        file("mh/.mh_sequences", "unseen: 2\n");
        file("mh/sub/1", "sub one\n");
        file("mh/,notes", "not a deleted message\n");
        assertThat(origins(readAll(dir.resolve("mh")))).containsExactly("mh/,notes", "mh/1", "mh/10", "mh/2", "mh/sub/1");
    }

    @Test
    void folderOfEmlFilesYieldsEachFileAsOneMessageByteForByte() throws IOException {
        String crlf = "Subject: a\r\n\r\nbody\r\n\r\nFrom here on\r\n";
        String enveloped = "From x@example.org Mon Jan  1 00:00:00 2024\nSubject: b\n\n>From there\n";
        String bare = "Subject: c\n\nno final newline";
        file("emls/a.eml", crlf);
        file("emls/b.eml", enveloped);
        file("emls/c.eml", bare);
        assertThat(readAll(dir.resolve("emls"))).extracting(m -> text(m.bytes())).containsExactly(crlf, enveloped, bare);
    }

    @Test
    void directoryIsWalkedRecursivelyInNameOrderSkippingHiddenEntries() throws IOException {
        file("tree/b", "b\n");
        file("tree/a/2", "a2\n");
        file("tree/a/1", "a1\n");
        file("tree/a/deeper/0", "a-deeper-0\n");
        file("tree/.hidden", "no\n");
        file("tree/.git/objects/x", "no\n");
        file("tree/c.mbox", "From x\nc1\n\nFrom y\nc2\n");
        file("tree/box/cur/2", "maildir cur\n");
        file("tree/box/new/1", "maildir new\n");
        file("tree/box/tmp/3", "never\n");
        List<RawMessage> got = readAll(dir.resolve("tree"));
        assertThat(origins(got)).containsExactly(
                "tree/a/1", "tree/a/2", "tree/a/deeper/0", "tree/b", "tree/box/new/1", "tree/box/cur/2", "tree/c.mbox#1", "tree/c.mbox#2");
    }

    @Test
    void linkedFilesAreReadButLinkedDirectoriesInsideATreeAreNot() throws IOException {
        Path target = file("elsewhere/m.eml", "linked\n");
        file("tree/real.eml", "real\n");
        Files.createSymbolicLink(dir.resolve("tree/link.eml"), target);
        Files.createSymbolicLink(dir.resolve("tree/loop"), dir.resolve("tree"));
        assertThat(origins(readAll(dir.resolve("tree")))).containsExactly("tree/link.eml", "tree/real.eml");
        assertThat(origins(readAll(dir.resolve("tree/loop")))).containsExactly("tree/loop/link.eml", "tree/loop/real.eml");
    }

    @Test
    void argumentsAreReadInTheOrderGiven() throws IOException {
        Path z = file("z.eml", "z\n");
        Path a = file("a.eml", "a\n");
        var inputs = new MailInputs(List.of(z.toString(), "-", a.toString()), new ByteArrayInputStream(of("in\n")));
        assertThat(origins(readAll(inputs))).containsExactly("z.eml", "<stdin>", "a.eml");
    }

    @Test
    void streamYieldsTheSameMessagesAsTheIterator() throws IOException {
        Path p = file("box", "From a\none\n\nFrom b\ntwo\n");
        List<RawMessage> viaStream;
        try (var s = new MailInputs(List.of(p.toString()), InputStream.nullInputStream()).stream()) {
            viaStream = s.toList();
        }
        assertThat(viaStream).isEqualTo(readAll(p));
    }

    /**
     * A caller that streams large message files ({@code bayard trap}) gets such a file cut to
     * what it holds in the heap, with the file to read the rest from; a mailbox's messages, a
     * pipe's and standard input's come without one, and a mailbox is read up to the full limit.
     */
    @Test
    void aLargeMessageFileComesCutWithItsFileAndAMailboxsMessagesWithout() throws IOException {
        Path large = file("large.eml", "Subject: large\n\n" + "x".repeat(5000) + "\n");
        Path small = file("small.eml", "Subject: small\n\nhi\n");
        Path box = file("box.mbox", "From a\nSubject: one\n\n" + "y".repeat(5000) + "\n\nFrom b\nSubject: two\n\nz\n");
        List<RawMessage> read = new ArrayList<>();
        List<Object> files = new ArrayList<>();
        try (MailInputs inputs = new MailInputs(List.of(large.toString(), small.toString(), box.toString()),
                InputStream.nullInputStream(), 1 << 20, 1024)) {
            while (inputs.hasNext()) {
                read.add(inputs.next());
                files.add(inputs.wholeFile().map(Object.class::cast).orElse("none"));
            }
        }
        assertThat(origins(read)).containsExactly("large.eml", "small.eml", "box.mbox#1", "box.mbox#2");
        assertThat(read.get(0).bytes()).hasSize(1024);
        assertThat(read.get(0).has(Anomaly.TRUNCATED)).isTrue();
        assertThat(read.get(1).has(Anomaly.TRUNCATED)).isFalse();
        assertThat(read.get(2).has(Anomaly.TRUNCATED)).as("a mailbox's message, read up to the full limit").isFalse();
        assertThat(files).containsExactly(large, small, "none", "none");
    }

    /**
     * A lone message saved with its mbox {@code From } line, larger than a streaming caller
     * holds, comes cut to that much, as the file's bytes, with its file, as a message file
     * without one does: it was read up to the full limit into the heap first.
     */
    @Test
    void aLargeLoneMessageThatBeginsWithAFromLineComesCutWithItsFile() throws IOException {
        String content = "From a@example.org Tue Jan  2 10:11:12 2024\nSubject: saved\n\n" + "x".repeat(5000) + "\n";
        Path saved = file("saved.mbox", content);
        try (MailInputs inputs = new MailInputs(List.of(saved.toString()), InputStream.nullInputStream(), 1 << 20, 1024)) {
            RawMessage m = inputs.next();
            assertThat(m.origin()).isEqualTo(saved.toString());
            assertThat(m.has(Anomaly.TRUNCATED)).isTrue();
            assertThat(text(m.bytes())).isEqualTo(content.substring(0, 1024));
            assertThat(inputs.wholeFile()).contains(saved);
            assertThat(inputs.hasNext()).isFalse();
        }
    }

    /**
     * A mailbox whose first message's Content-Length, longer than a streaming caller holds, ends
     * right at the next {@code From } line (no blank line between): read at the smaller limit the
     * length cannot be checked and the two messages look like one, so the mailbox is read again
     * at the full limit, which trusts the length, rather than being taken for a lone message.
     */
    @Test
    void aMailboxWhoseLargeCountedMessageEndsRightAtTheNextIsNotTakenForOneMessage() throws IOException {
        String body = "y".repeat(5000) + "\n";
        Path box = file("counted.mbox", "From a\nContent-Length: " + body.length() + "\nSubject: one\n\n" + body
                + "From b\nSubject: two\n\nz\n");
        List<RawMessage> read = new ArrayList<>();
        try (MailInputs inputs = new MailInputs(List.of(box.toString()), InputStream.nullInputStream(), 1 << 20, 1024)) {
            inputs.forEachRemaining(read::add);
        }
        assertThat(origins(read)).containsExactly("counted.mbox#1", "counted.mbox#2");
        assertThat(read.get(0).has(Anomaly.TRUNCATED)).isFalse();
    }

    /** Standard input, read once, longer than a streaming caller holds: a copy of all of it, named until the caller moves on. */
    @Test
    void longStandardInputComesCutWithACopyOfItAllThatGoesAtTheEnd() throws IOException {
        String content = "Subject: piped\n\n" + "p".repeat(5000) + "\n";
        Path copy;
        try (MailInputs inputs = new MailInputs(List.of("-"), new ByteArrayInputStream(of(content)), 1 << 20, 1024)) {
            RawMessage m = inputs.next();
            assertThat(m.bytes()).hasSize(1024);
            assertThat(m.has(Anomaly.TRUNCATED)).isTrue();
            copy = inputs.wholeFile().orElseThrow();
            assertThat(text(Files.readAllBytes(copy))).isEqualTo(content);
            assertThat(inputs.hasNext()).isFalse();
            assertThat(copy).doesNotExist();
        }
    }
}
