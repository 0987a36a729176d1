package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bayard.app.AppContext;
import org.bayard.app.gate.Quarantine;
import org.bayard.core.IoProblem;

/**
 * {@code quarantine expire [--days N]}: the retention run cron makes daily. Its own class because
 * it decides no item a moderator chose: it walks the whole queue by age, and must keep going
 * past a damaged sidecar or an item another process is deciding.
 */
final class QuarantineExpire {
    private final AppContext ctx;
    private final int days;

    QuarantineExpire(AppContext ctx, int days) {
        this.ctx = ctx;
        this.days = days;
    }

    /**
     * Retention: items whose sidecar says they were held before the cutoff are discarded. 1 when
     * some could not be: cron reads the exit code, and a quarantine nobody expires fills its disk.
     */
    int run(Quarantine q) throws IOException {
        q.spool().removeLeftOvers(); // of releases that delivered but could not remove their files then
        Instant cutoff = ctx.clock().instant().minus(Duration.ofDays(days));
        List<String> due = new ArrayList<>();
        for (String id : q.ids()) {
            Optional<Map<String, Object>> held = MetadataOrWarning.read(q, id, ctx.err());
            if (held.isEmpty()) continue; // decided by another process since the listing
            Object received = held.get().get("received");
            try {
                if (Instant.parse(String.valueOf(received)).isBefore(cutoff)) due.add(id);
            } catch (DateTimeParseException e) {
                ctx.err().println("bayard: " + id + ": no readable 'received' time in its sidecar; kept");
            }
        }
        // said once: run by a user that may not write the folder (the wrong crontab), expire said it
        // of every item due, however many, and exited 0 while the held mail piled up
        if (!due.isEmpty() && !Files.isWritable(q.spool().dir())) {
            ctx.err().println("bayard: the quarantine " + q.spool().dir() + " cannot be written by this user ("
                    + System.getProperty("user.name", "?") + "), so none of the " + due.size() + " held more than " + days
                    + " days was discarded; run expire as the user the service runs as (in its crontab), or make the folder writable");
            return 1;
        }
        int expired = 0;
        boolean failed = false;
        for (String id : due) {
            try {
                q.discard(id);
                expired++;
            } catch (Quarantine.Taken e) {
                // decided by another process meanwhile (nothing to say), or under way there now
                if (q.spool().contains(id)) ctx.err().println("bayard: " + id + ": not discarded: " + e.getMessage());
            } catch (IOException e) {
                ctx.err().println("bayard: " + id + ": not discarded: " + IoProblem.describe(e));
                failed = true;
            }
        }
        ctx.out().println("expire: " + expired + " held more than " + days + " days discarded, " + (q.ids().size()) + " kept");
        return failed ? 1 : 0;
    }
}
