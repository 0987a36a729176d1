package org.bayard.app.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
     * Writes the running gate's mark, whole or not at all (a release may read it meanwhile). A gate
     * that cannot (a full disk at start) still serves mail: its command-line releases then go
     * unchecked, as before marks, and a mark left by an earlier run matches no greeting.
     */
    static void record(Path quarantineDir, String mark) {
        Path next = quarantineDir.resolve(MARK_FILE + ".new");
        try {
            Files.writeString(next, mark + "\n", StandardCharsets.US_ASCII);
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
     * Connects to smtp.next-hop as configured in {@code smtp}, checking its greeting against the
     * mark of the gate serving {@code quarantineDir}. A quarantine no gate has served since
     * marks were written has none to check, and is released as before.
     */
    public static NextHop connect(GateConfig smtp, Path quarantineDir) throws IOException {
        return NextHop.connectForRelease(HostPort.parse(smtp.nextHop(), "smtp.next-hop"), smtp.hostname(),
                Duration.ofSeconds(smtp.nextHopTimeoutSeconds()), mark(quarantineDir));
    }

    /** The mark the gate wrote, or null; NextHop checks nothing for one that is not a mark. */
    private static String mark(Path quarantineDir) throws IOException {
        try {
            return Files.readString(quarantineDir.resolve(MARK_FILE), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        } catch (java.nio.charset.CharacterCodingException e) {
            return null; // not a mark: nothing the gate wrote
        }
    }
}
