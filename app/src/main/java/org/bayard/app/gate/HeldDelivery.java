package org.bayard.app.gate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bayard.core.mail.ByteSearch;
import org.bayard.core.quarantine.Spool;
import org.bayard.smtp.NextHop;
import org.bayard.smtp.Reply;
import org.bayard.smtp.Smtputf8;

/**
 * The SMTP side of a release: one held item, already claimed by {@link Quarantine} for this
 * decision, sent to the next hop with its original envelope (its addresses, 8BITMIME, SMTPUTF8,
 * DSN parameters) and rewritten head, with the note that tells a later release it may have been
 * delivered, then marked released and removed. Apart from {@link Quarantine}, which holds, lists
 * and claims items, because this is the one part that speaks to the next hop.
 */
final class HeldDelivery {
    private final Spool spool;
    private final ReleasesUnderWay releases;

    HeldDelivery(Spool spool, ReleasesUnderWay releases) {
        this.spool = spool;
        this.releases = releases;
    }

    /**
     * Sends the held item {@code id}, whose sidecar is {@code meta}, to {@code hop}, then removes
     * it (see {@link Quarantine#release(String, NextHop, Quarantine.Judgement, ReleasedBy, boolean)}).
     *
     * @return the recipients refused for good, each with the next hop's answer; empty when all took it
     */
    List<String> deliver(String id, Map<String, Object> meta, NextHop hop, ReleasedBy by) throws IOException {
        String from = keptAddress(String.valueOf(meta.getOrDefault("from", "")));
        @SuppressWarnings("unchecked")
        List<String> rcpts = new ArrayList<>(((List<String>) meta.getOrDefault("rcpt", List.of())).stream()
                .map(HeldDelivery::keptAddress).toList());
        if (rcpts.isEmpty()) throw new IOException("quarantine item " + id + " has no recipients in its metadata");
        // as the client sent it: a UTF-8 address needs SMTPUTF8, 8-bit content BODY=8BITMIME
        List<String> params = new ArrayList<>();
        if (hop.supports("8BITMIME") && eightBit(spool.message(id))) params.add("BODY=8BITMIME");
        boolean utf8 = Smtputf8.needed(from);
        for (String r : rcpts) utf8 |= Smtputf8.needed(r);
        if (utf8 && hop.supports("SMTPUTF8")) params.add("SMTPUTF8");
        // the notices the sender asked for (RFC 3461), where the next hop takes them
        boolean dsn = hop.supports("DSN");
        if (dsn) params.addAll(dsnParams(meta.get("dsn_mail")));
        Map<?, ?> dsnRcpt = dsn && meta.get("dsn_rcpt") instanceof Map<?, ?> m ? m : Map.of();
        expect(hop.mail(from, String.join(" ", params)), "MAIL");
        List<String> refused = new ArrayList<>();
        for (String r : rcpts) {
            Reply answer = hop.rcpt(r, String.join(" ", dsnParams(dsnRcpt.get(r))));
            if (answer.transientFailure()) throw new IOException("next hop deferred <" + r + ">: " + answer + "; try again later");
            if (!answer.positive()) refused.add("<" + r + ">: " + answer);
        }
        if (refused.size() == rcpts.size()) throw new IOException("next hop refused every recipient of " + id + ": " + refused);
        Reply data = hop.data();
        if (data.code() != 354) throw new IOException("next hop answered DATA with " + data);
        Reply end;
        try (InputStream in = Files.newInputStream(spool.message(id))) {
            long size = Files.size(spool.message(id));
            byte[] head = in.readNBytes(HeadRewrite.MAX_SEARCH);
            HeadRewrite.Rewritten rewritten = HeadRewrite.rewrite(head, head.length >= size, ReleasedHead.fields(meta, by));
            // the bytes read past the head go after it, then the rest of the file
            InputStream rest = new java.io.SequenceInputStream(
                    new java.io.ByteArrayInputStream(head, rewritten.replacedBytes(), head.length - rewritten.replacedBytes()), in);
            // from the final dot until the next hop's answer the message may be delivered, and a release
            // cut off then cannot tell: the note says so to the next release, durably, just before the dot.
            // Cut off before it (killed, the connection lost, mid-data), the next hop delivers nothing: no note
            byte[] note = (by.fieldValue() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try {
                end = hop.send(rewritten.head(), rest, () -> {
                    spool.markSending(id, note);
                    releases.endSent(id);
                });
            } catch (NextHop.EndNotSent e) {
                spool.clearSending(id); // written just before the dot, whose writing then failed
                throw new IOException("the release of " + id + " stopped before the end of the message was sent to the next hop ("
                        + e.getMessage() + "), so it was not delivered; release it again", e);
            } catch (IOException e) {
                throw new IOException("the release was cut off while sending " + id + " to the next hop (" + e.getMessage() + "), so"
                        + " the next hop may have taken it; a later release asks for --force, after you looked in its log", e);
            }
        }
        if (end.code() != 250) {
            spool.clearSending(id); // answered: it did not take it
            throw new IOException("next hop did not take " + id + ": " + end);
        }
        releases.delivered(id);
        delivered(id, by);
        return List.copyOf(refused);
    }

    /**
     * After the next hop's 250: the item is marked released, then removed. A removal that failed
     * (a file made immutable, a file system error) left the item held, and the moderator's next
     * release delivered it again; the mark, written first, keeps every later decision, listing and
     * expiry off it, and the gate's next start removes what is left.
     */
    private void delivered(String id, ReleasedBy by) throws IOException {
        IOException unmarked = null;
        try {
            spool.markReleased(id, (by.toString() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            unmarked = e;
        }
        try {
            spool.remove(id);
        } catch (IOException e) {
            if (unmarked != null) {
                throw new Quarantine.LeftOver(id + " was delivered to the next hop, but could be neither removed from the quarantine ("
                        + e.getMessage() + ") nor marked released (" + unmarked.getMessage() + "): remove " + spool.message(id)
                        + " by hand, as releasing it again would deliver it twice", e);
            }
            throw new Quarantine.LeftOver(id + " was delivered to the next hop, but its files could not be removed from the quarantine ("
                    + e.getMessage() + "); it is marked released and will not be delivered again; serve removes them at its"
                    + " next start", e);
        }
        spool.removeLeftOver(id); // the marker, now that the files are gone
    }

    /**
     * An address as an item's metadata keeps it. Items held before the gate decoded UTF-8
     * addresses kept their bytes one char each (C3 B6 for an o-umlaut); those are decoded here, so
     * that they go out as the bytes the client sent, not encoded twice. A real address read as
     * such bytes is almost never valid UTF-8 (an o-umlaut alone is F6), so it stays as it is.
     */
    static String keptAddress(String kept) {
        boolean bytesOnly = kept.chars().allMatch(c -> c <= 0xFF);
        return bytesOnly ? Smtputf8.decode(kept).orElse(kept) : kept;
    }

    /**
     * The DSN parameters kept in an item's metadata, each {@code NAME=value} of printable ASCII
     * without spaces (ENVID and ORCPT are xtext): anything else, from a damaged or edited file,
     * is left out rather than written into a command to the next hop.
     */
    static List<String> dsnParams(Object kept) {
        if (!(kept instanceof List<?> list)) return List.of();
        List<String> params = new ArrayList<>();
        for (Object p : list) {
            if (p instanceof String s && s.matches("[A-Za-z]+=[\\x21-\\x7E]{1,500}")) params.add(s);
        }
        return params;
    }

    private static boolean eightBit(Path message) throws IOException {
        try (InputStream in = Files.newInputStream(message)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (!ByteSearch.isAscii(buf, 0, n)) return true;
            }
        }
        return false;
    }

    private static void expect(Reply r, String step) throws IOException {
        if (!r.positive()) throw new IOException("next hop refused " + step + ": " + r);
    }

}
