package org.bayard.app.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bayard.app.AppContext;
import org.bayard.core.store.Digest;
import org.bayard.core.store.MailClass;
import org.bayard.core.train.MessagePreparer;
import org.bayard.core.train.MessageShape;
import org.bayard.core.train.PreparedMessage;

/**
 * The ham and spam piles of a {@code bayard tte} run, read and tokenized once and kept in
 * memory as prepared messages (the rounds score every message again and again).
 *
 * <p>Duplicates are left out before training: a second copy in the same pile adds nothing (the
 * ledger counts a message once), and a message in both piles has no right answer and would
 * move between classes every round. Both are listed in the log, as are files that are not mail
 * at all (an empty file, a mail client's index), which learn and train refuse too.
 */
final class TtePiles {

    /**
     * One class's messages, in the order read.
     *
     * @param positions for each kept message, its position among all messages read from the
     *     paths (0-based), to find it again when writing the culled mailbox
     * @param read how many messages the paths held, duplicates included
     * @param inBoth how many of them were left out as in the other pile too
     * @param copies how many were left out as copies of an earlier one in this pile
     * @param notMail how many were left out as not mail
     */
    record Pile(MailClass mailClass, List<String> paths, List<PreparedMessage> messages, List<String> origins,
                int[] positions, int read, int inBoth, int copies, int notMail) {

        /** How the log names a message: its Message-ID, or where it is when it has none. */
        String name(int index) {
            String id = messages.get(index).identity().messageId();
            return id.isEmpty() ? origins.get(index) : id;
        }
    }

    final Pile ham;
    final Pile spam;
    /** Lines for the log about what was left out and why. */
    final List<String> leftOut;

    private TtePiles(Pile ham, Pile spam, List<String> leftOut) {
        this.ham = ham;
        this.spam = spam;
        this.leftOut = leftOut;
    }

    Pile pile(MailClass mailClass) {
        return mailClass == MailClass.HAM ? ham : spam;
    }

    private record Read(PreparedMessage message, String origin, int position) {}

    /** The messages of one pile that are mail, how many messages its paths held in all, and how many were not mail. */
    private record Reads(List<Read> mail, int total, int notMail) {}

    static TtePiles load(AppContext ctx, MessagePreparer preparer, List<String> hamPaths, List<String> spamPaths,
                         Progress progress) {
        List<String> notMail = new ArrayList<>();
        Reads ham = read(ctx, preparer, MailClass.HAM, hamPaths, progress, notMail);
        Reads spam = read(ctx, preparer, MailClass.SPAM, spamPaths, progress, notMail);
        Set<Digest> inHam = new HashSet<>();
        for (Read r : ham.mail()) inHam.add(r.message.identity().digest());
        Set<Digest> inBoth = new HashSet<>();
        for (Read r : spam.mail()) if (inHam.contains(r.message.identity().digest())) inBoth.add(r.message.identity().digest());
        List<String> leftOut = new ArrayList<>(notMail);
        Pile h = keep(MailClass.HAM, hamPaths, ham, inBoth, leftOut);
        Pile s = keep(MailClass.SPAM, spamPaths, spam, inBoth, leftOut);
        return new TtePiles(h, s, leftOut);
    }

    /** @param notMail receives a log line for each message left out as not mail */
    private static Reads read(AppContext ctx, MessagePreparer preparer, MailClass mailClass, List<String> paths,
                              Progress progress, List<String> notMail) {
        List<Read> all = new ArrayList<>();
        int[] position = {0}; // among all messages read, the culled mailbox's writer counts the same way
        int[] notMailHere = {0};
        Inputs.each(ctx, paths, m -> {
            int at = position[0]++;
            Optional<String> problem = MessageShape.problem(m.bytes());
            if (problem.isPresent()) {
                notMailHere[0]++;
                notMail.add("left out, not a mail message (" + problem.get() + "): " + mailClass.label() + " " + m.origin());
            } else {
                all.add(new Read(preparer.prepare(m.bytes(), false), m.origin(), at));
            }
            progress.step();
        }, false); // an empty pile is refused as such
        return new Reads(all, position[0], notMailHere[0]);
    }

    private static Pile keep(MailClass mailClass, List<String> paths, Reads reads, Set<Digest> inBoth,
                             List<String> leftOut) {
        Map<Digest, String> first = new HashMap<>();
        List<PreparedMessage> messages = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        int both = 0;
        int copies = 0;
        for (Read r : reads.mail()) {
            Digest d = r.message.identity().digest();
            if (inBoth.contains(d)) {
                leftOut.add("left out, in both piles: " + mailClass.label() + " " + r.origin);
                both++;
                continue;
            }
            String earlier = first.putIfAbsent(d, r.origin);
            if (earlier != null) {
                leftOut.add("left out, a copy of " + earlier + ": " + mailClass.label() + " " + r.origin);
                copies++;
                continue;
            }
            messages.add(r.message);
            origins.add(r.origin);
            positions.add(r.position);
        }
        return new Pile(mailClass, List.copyOf(paths), messages, origins,
                positions.stream().mapToInt(Integer::intValue).toArray(), reads.total(), both, copies, reads.notMail());
    }
}
