package org.bayard.app.gate;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.bayard.app.config.GateConfig;
import org.bayard.app.config.HostPort;
import org.bayard.smtp.NextHop;

/**
 * The next hop a release delivers to, refused (a "mail loop" IOException) when it leads back to the
 * gate that holds the quarantine: the message would be judged again and held again (or passed on
 * as if released) while the moderator was told "released". The gate writes its loop mark into
 * its quarantine folder when it starts, so that {@code bayard quarantine release}, another
 * process, checks against the same mark the moderation page does.
 */
public final class ReleaseHop {
    /** In the quarantine folder; the spool reads only its .eml and .json files. */
    static final String MARK_FILE = "loop-mark";

    private ReleaseHop() {}

    /**
     * Writes the running gate's mark down. A gate alone on the quarantine replaces what is there,
     * whole or not at all (a release may read it meanwhile); one starting beside other gates
     * (beside one store they share it) adds its mark as one more line, one write in append mode,
     * so that a release checks against every gate holding mail there: replaced, the file named
     * only the gate started last, and a release to another of them went unchecked. A gate that
     * cannot write it (a full disk at start) still serves mail: its command-line releases then go
     * unchecked, as before marks, and a mark left by an earlier run matches no greeting.
     *
     * <p>Where gates are restarted in turn and one always runs, no start is alone, and the file
     * gained a line per start for ever; so a start that finds {@link #MOST_TRIMMED_AT} lines or
     * more writes the last {@link #MOST_MARKS} back instead (ours among them), whole or not at all.
     * A gate appending in the same instant may lose its line to that rewrite: its releases then
     * go unchecked, as those of a gate past the last {@link #MOST_MARKS} always did.
     */
    static void record(Path quarantineDir, String mark, boolean alone) {
        if (!alone) {
            Path file = quarantineDir.resolve(MARK_FILE);
            try {
                List<String> lines = marksIn(file);
                if (lines.size() + 1 < MOST_TRIMMED_AT) {
                    Files.writeString(file, mark + "\n", StandardCharsets.US_ASCII,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    return;
                }
                StringBuilder kept = new StringBuilder();
                for (String line : lines.subList(lines.size() - (MOST_MARKS - 1), lines.size())) kept.append(line).append('\n');
                replace(quarantineDir, kept.append(mark).append('\n').toString());
            } catch (IOException e) {
                // as for a gate alone: its releases go unchecked
            }
            return;
        }
        replace(quarantineDir, mark + "\n");
    }

    /** The lines of the mark file, none when there is none. */
    private static List<String> marksIn(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (CharacterCodingException e) {
            return List.of(); // not marks: nothing a gate wrote (the next start beside others writes it over)
        }
    }

    /** Replaces the mark file by {@code content}, whole or not at all; a failure leaves it (and no temporary file). */
    private static void replace(Path quarantineDir, String content) {
        Path next = quarantineDir.resolve(MARK_FILE + ".new");
        try {
            Files.writeString(next, content, StandardCharsets.US_ASCII);
            Files.move(next, quarantineDir.resolve(MARK_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(next);
            } catch (IOException ignored) {
                // the next start writes it over
            }
        }
    }

    /**
     * Connects to smtp.next-hop as configured in {@code smtp}, with TLS as smtp.next-hop-tls names it
     * (its CA file read here), checking its greeting against the marks of the gates serving
     * {@code quarantineDir}. A quarantine no gate has served since marks were written has none to
     * check, and is released as before.
     */
    public static NextHop connect(GateConfig smtp, Path quarantineDir) throws IOException {
        return connect(smtp, quarantineDir, GateTlsFiles.nextHop(smtp));
    }

    /** As above, with {@code tls} as a running gate speaks it to its next hop. */
    public static NextHop connect(GateConfig smtp, Path quarantineDir, java.util.Optional<NextHop.Tls> tls) throws IOException {
        return NextHop.connectForRelease(HostPort.parse(smtp.nextHop(), "smtp.next-hop"), smtp.hostname(),
                Duration.ofSeconds(smtp.nextHopTimeoutSeconds()), marks(quarantineDir), tls);
    }

    /** The marks the gates wrote, the last {@link #MOST_MARKS}; NextHop checks nothing for what is not a mark. */
    private static List<String> marks(Path quarantineDir) throws IOException {
        List<String> lines = marksIn(quarantineDir.resolve(MARK_FILE));
        return lines.subList(Math.max(0, lines.size() - MOST_MARKS), lines.size());
    }

    /** More gates than share any quarantine, started again and again while another ran. */
    static final int MOST_MARKS = 64;
    /** Lines from which a gate starting beside others trims the file to the last {@link #MOST_MARKS}. */
    static final int MOST_TRIMMED_AT = 2 * MOST_MARKS;
}
