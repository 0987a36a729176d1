package org.bayard.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.Locale;
import org.bayard.app.AppContext;
import org.bayard.core.IoProblem;
import org.bayard.app.UserException;
import org.bayard.core.mailbox.MboxWriter;
import org.bayard.core.train.ContentDigest;

/**
 * Writes a culled mailbox: the messages of one pile that train-to-exhaustion trained, and
 * nothing else, as an mbox. The pile's paths are read a second time rather than holding every
 * message's bytes through all the rounds; each message written is checked against the digest it
 * had on the first read, so a mailbox changed in between is an error, not a wrong cull.
 *
 * <p>The file appears complete or not at all: it is an {@link OutputFile}, moved into place with
 * the run's other outputs once all are written.
 */
final class CullWriter {
    private final AppContext ctx;

    CullWriter(AppContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Writes to {@code file}'s temporary; the caller commits it with the other outputs of the run.
     *
     * @param trained indexes into the pile's messages
     * @return how many messages were written
     */
    int write(TtePiles.Pile pile, BitSet trained, OutputFile file) {
        BitSet wanted = new BitSet(pile.read());
        int[] indexOf = new int[pile.read()];
        for (int i = trained.nextSetBit(0); i >= 0; i = trained.nextSetBit(i + 1)) {
            wanted.set(pile.positions()[i]);
            indexOf[pile.positions()[i]] = i;
        }
        PrintStream out = ctx.out();
        out.println("writing " + file.name());
        int[] counts = new int[2]; // written, read
        MboxWriter mbox = new MboxWriter(file.stream(), ctx.clock());
        try {
            Inputs.each(ctx, pile.paths(), m -> {
                int position = counts[1]++;
                if (!wanted.get(position)) return;
                int index = indexOf[position];
                if (!ContentDigest.identify(m.bytes()).digest().equals(pile.messages().get(index).identity().digest())) {
                    throw new UserException(m.origin() + " changed while tte ran; the culled mailbox was not written");
                }
                try {
                    mbox.write(m.bytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                counts[0]++;
                if (ctx.interactive()) out.printf(Locale.ROOT, "\r%5d of %5d", counts[0], counts[1]);
            });
            if (counts[1] != pile.read()) {
                throw new UserException(String.join(" ", pile.paths()) + " changed while tte ran (" + pile.read()
                        + " messages, now " + counts[1] + "); the culled mailbox was not written");
            }
            mbox.flush();
        } catch (IOException | UncheckedIOException e) {
            throw new UserException("cannot write " + file.name() + ": " + (e instanceof UncheckedIOException u ? IoProblem.reason(u.getCause()) : IoProblem.reason((IOException) e)), e);
        }
        out.printf(Locale.ROOT, "%s%5d of %5d%n", ctx.interactive() ? "\r" : "", counts[0], counts[1]);
        return counts[0];
    }
}
