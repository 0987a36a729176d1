package org.bayard.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bayard.core.store.MailClass;
import org.bayard.core.mailbox.MboxReader;
import org.bayard.core.mailbox.RawMessage;

/**
 * The benchmark input: the repository's {@code samples/ham.mbox} and {@code samples/spam.mbox}
 * (300 + 200 messages), held in memory so that no benchmark measures the disk. The repository
 * root comes from {@code -Dbayard.home}, else the working directory or its parent.
 */
final class Samples {
    /** Messages in the two sample mailboxes; batch benchmarks report per message with it. */
    static final int COUNT = 500;

    final List<byte[]> messages = new ArrayList<>();
    final List<MailClass> labels = new ArrayList<>();

    private Samples() {}

    static Samples load() {
        Path dir = home().resolve("samples");
        Samples s = new Samples();
        s.add(dir.resolve("ham.mbox"), MailClass.HAM);
        s.add(dir.resolve("spam.mbox"), MailClass.SPAM);
        if (s.messages.size() != COUNT) {
            throw new IllegalStateException("expected " + COUNT + " sample messages, found " + s.messages.size());
        }
        return s;
    }

    private void add(Path mbox, MailClass label) {
        try (InputStream in = Files.newInputStream(mbox);
             MboxReader reader = MboxReader.mbox(in, mbox.toString(), 64 << 20)) {
            while (reader.hasNext()) {
                RawMessage m = reader.next();
                messages.add(m.bytes());
                labels.add(label);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path home() {
        String prop = System.getProperty("bayard.home");
        if (prop != null) return Path.of(prop);
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("samples/ham.mbox"))) return p;
        }
        throw new IllegalStateException("cannot find samples/ham.mbox from " + cwd + "; pass -Dbayard.home=REPO");
    }

    static void deleteTree(Path dir) {
        if (dir == null) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
