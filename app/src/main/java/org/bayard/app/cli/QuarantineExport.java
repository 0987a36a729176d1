package org.bayard.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bayard.app.AppContext;
import org.bayard.app.UserException;
import org.bayard.app.gate.Quarantine;
import org.bayard.core.mailbox.MboxWriter;
import org.bayard.core.quarantine.Spool;

/**
 * {@code quarantine export --mbox FILE [ID...]}: copies held messages into an mbox and keeps
 * them held. Its own class because it is the one action that writes a file of the user's, and
 * it must go on when another process decides an item while the others are written.
 */
final class QuarantineExport {
    private final AppContext ctx;
    private final Path mbox;
    private final List<String> ids;

    /** @param ids the ids given; none exports the whole queue */
    QuarantineExport(AppContext ctx, Path mbox, List<String> ids) {
        this.ctx = ctx;
        this.mbox = mbox;
        this.ids = ids;
    }

    /**
     * An mbox in the quarantine folder is appended to among the held mail: named as an item's
     * message (Q/ID.eml) the export wrote a second copy into the held message, which a release
     * then delivered; named as no item, it lay there as mail nobody holds. Links followed, as the
     * write would follow them.
     */
    private void refuseInsideQuarantine(Quarantine q) {
        if (WhereWritesLead.of(mbox).startsWith(WhereWritesLead.of(q.spool().dir()))) {
            throw new UserException("cannot write " + mbox + ": it is inside the quarantine " + q.spool().dir()
                    + ", among the held mail; write the mbox somewhere else");
        }
    }

    /** The moderator's old "collect the unsure into one mbox" step; the items stay held. */
    int run(Quarantine q) throws IOException {
        OutputFile.refuseStoreFile(mbox);
        refuseInsideQuarantine(q);
        OutputFile.refuseMissingFolder(mbox, mbox.toAbsolutePath().getParent());
        List<String> chosen = ids.isEmpty() ? q.ids() : ids;
        for (String id : ids) { // the whole queue's ids were held a moment ago; another process may decide them, see below
            if (!Spool.validId(id) || !q.spool().contains(id)) {
                throw new UserException("no quarantined message with id '" + id + "'" + HeldFileNameHint.of(q.spool(), id));
            }
        }
        int exported = 0;
        List<String> decidedMeanwhile = new ArrayList<>();
        try (MboxWriter writer = MboxWriter.appendTo(mbox, ctx.clock())) {
            for (String id : chosen) {
                // the page or another command may decide an item while this one writes the others
                Optional<InputStream> message = q.openIfHeld(id);
                if (message.isEmpty()) {
                    decidedMeanwhile.add(id);
                    continue;
                }
                try (InputStream in = message.get()) {
                    writer.write(in); // copied as it is read: a held message may be larger than the heap
                }
                exported++;
            }
            writer.commit(); // only now: an export that fails before (a held item unreadable) is undone by the close
        }
        ctx.out().println("export: " + exported + " message" + (exported == 1 ? "" : "s") + " -> " + mbox
                + (decidedMeanwhile.isEmpty() ? "" : " (" + decidedMeanwhile.size() + " decided meanwhile, not exported)"));
        if (ids.isEmpty() || decidedMeanwhile.isEmpty()) return 0;
        for (String id : decidedMeanwhile) {
            ctx.err().println("bayard: " + id + " not exported: decided by another process (the page, another command) meanwhile");
        }
        return 1;
    }
}
