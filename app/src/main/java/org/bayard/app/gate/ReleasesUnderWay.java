package org.bayard.app.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bayard.core.quarantine.Spool;

/**
 * The releases this process has under way, each with its item, its next hop and how far it got,
 * so that serve's stop can say what it waits for and what it left: a release cut off after the
 * message's end was sent leaves its item in doubt (the next hop may have delivered it), and the
 * postmaster must know which item to look up in which next hop's log. Nothing here changes what a
 * release does.
 */
public final class ReleasesUnderWay {
    /** One release: begun by the desk, which knows the next hop; its steps marked by {@link HeldDelivery}. */
    public final class Release implements AutoCloseable {
        private final String id;
        private final String nextHop;
        private volatile boolean endSent;
        private volatile boolean delivered;

        private Release(String id, String nextHop) {
            this.id = id;
            this.nextHop = nextHop;
        }

        @Override
        public void close() {
            if (!now.remove(id, this)) return;
            if (stopping && !delivered) endedUndelivered.add(this);
        }

        private String described() {
            return id + " to " + nextHop + (endSent ? ", awaiting the next hop's answer to the message's end" : ", sending the message");
        }
    }

    private final Map<String, Release> now = new ConcurrentHashMap<>();
    /** Releases that ended undelivered once the stop began: what the stop may have left. */
    private final List<Release> endedUndelivered = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    /**
     * A release of {@code id} to {@code nextHop} begins; closing what this returns ends it. A second
     * release of an item already under way (refused by the item's claim) is not counted.
     */
    public Release begin(String id, String nextHop) {
        Release r = new Release(id, nextHop);
        return now.putIfAbsent(id, r) == null ? r : new Release(id, nextHop);
    }

    /** The message's data is sent and its final dot about to be: from now on the next hop may deliver it. */
    void endSent(String id) {
        Optional.ofNullable(now.get(id)).ifPresent(r -> r.endSent = true);
    }

    /** The next hop took it. */
    void delivered(String id) {
        Optional.ofNullable(now.get(id)).ifPresent(r -> r.delivered = true);
    }

    /** Serve's stop begins: from now on a release that ends undelivered is kept for {@link #leftAtStop}. */
    public void stopBegins() {
        stopping = true;
    }

    /**
     * Whether a release under way has sent its message's end and is not over: cut off before the
     * next hop's answer it is left in doubt, and after it, before its item is marked released and
     * removed, the item the next hop took stays held (a stop that waited only for the answer cut
     * such releases off, on a busy machine, in the moment between the answer and the removal).
     */
    public boolean anyPastTheMessagesEnd() {
        return now.values().stream().anyMatch(r -> r.endSent);
    }

    /** The releases under way now, each as {@code ID to HOST:PORT, how far it got}. */
    public List<String> underWay() {
        return now.values().stream().map(Release::described).sorted().toList();
    }

    /**
     * After the stop: what the releases that ended undelivered since {@link #stopBegins} left in
     * {@code spool}, one phrase each. An item with its note is in doubt; one still held without it
     * was not delivered (cut off before the message's end, or refused) and can be released again.
     */
    public List<String> leftAtStop(Spool spool) {
        List<String> left = new ArrayList<>();
        for (Release r : endedUndelivered) {
            boolean inDoubt;
            try {
                inDoubt = spool.sending(r.id).isPresent();
            } catch (java.io.IOException e) {
                inDoubt = true; // a note that cannot be read is still a note
            }
            if (inDoubt) {
                left.add("the release of " + r.id + " to " + r.nextHop + " cut off after the end of the message was sent and before"
                        + " the next hop's answer, so the next hop may have delivered it: look for it in the next hop's log; it stays"
                        + " held, marked as such (bayard quarantine release --force " + r.id + " delivers it again, discard removes it)");
            } else if (java.nio.file.Files.exists(spool.message(r.id))) {
                left.add("the release of " + r.id + " to " + r.nextHop + ", not finished, so not delivered: it stays held, to be"
                        + " released again");
            }
        }
        return left;
    }
}
