package org.bayard.app.cli;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    /** Retention: items whose sidecar says they were held before the cutoff are discarded. */
    int run(Quarantine q) throws IOException {
        q.spool().removeLeftOvers(); // of releases that delivered but could not remove their files then
        Instant cutoff = ctx.clock().instant().minus(Duration.ofDays(days));
        int expired = 0;
        for (String id : q.ids()) {
            Optional<Map<String, Object>> held = MetadataOrWarning.read(q, id, ctx.err());
            if (held.isEmpty()) continue; // decided by another process since the listing
            Object received = held.get().get("received");
            Instant when;
            try {
                when = Instant.parse(String.valueOf(received));
            } catch (DateTimeParseException e) {
                ctx.err().println("bayard: " + id + ": no readable 'received' time in its sidecar; kept");
                continue;
            }
            if (when.isBefore(cutoff)) {
                try {
                    q.discard(id);
                    expired++;
                } catch (Quarantine.Taken e) {
                    // decided by another process meanwhile (nothing to say), or under way there now
                    if (q.spool().contains(id)) ctx.err().println("bayard: " + id + ": not discarded: " + e.getMessage());
                } catch (IOException e) {
                    ctx.err().println("bayard: " + id + ": not discarded: " + IoProblem.describe(e));
                }
            }
        }
        ctx.out().println("expire: " + expired + " held more than " + days + " days discarded, " + (q.ids().size()) + " kept");
        return 0;
    }
}
