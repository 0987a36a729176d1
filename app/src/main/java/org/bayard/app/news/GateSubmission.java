package org.bayard.app.news;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.bayard.smtp.NextHop;
import org.bayard.smtp.Reply;

/**
 * The gateway's SMTP connection to the gate: one transaction per article. The gate's final
 * answer is the article's fate: 250 passed on to the list (or held, as its text says), 5xx
 * refused (spam, or a sender on the blocklist). A 4xx, or a connection that failed, decides
 * nothing: {@link Deferred}, and the article is handed over again at the next pass.
 */
final class GateSubmission implements Closeable {
    /** What the gate did with an article. */
    enum Fate { PASSED, HELD, REFUSED }

    record Outcome(Fate fate, Reply reply) {}

    /** The gate decided nothing now (4xx, or the connection failed): try again later. */
    static final class Deferred extends IOException {
        Deferred(String message) {
            super(message);
        }

        Deferred(String message, IOException cause) {
            super(message, cause);
        }
    }

    private final NextHop gate;
    private final String shown;

    private GateSubmission(NextHop gate, String shown) {
        this.gate = gate;
        this.shown = shown;
    }

    static GateSubmission connect(InetSocketAddress address, String heloName, Duration timeout) throws Deferred {
        String shown = address.getHostString() + ":" + address.getPort();
        try {
            return new GateSubmission(NextHop.connect(address, heloName, timeout), shown);
        } catch (IOException e) {
            throw new Deferred("the gate at " + shown + " cannot be reached: " + e.getMessage(), e);
        }
    }

    /** Hands {@code article} over from {@code sender} (empty: the null sender) to {@code list}. */
    Outcome submit(String sender, String list, byte[] article) throws Deferred {
        try {
            Reply mail = gate.mail(sender, "");
            if (!mail.positive()) return refusedOrDeferred(mail, "MAIL FROM:<" + sender + ">");
            Reply rcpt = gate.rcpt(list);
            if (!rcpt.positive()) return refusedOrDeferred(rcpt, "RCPT TO:<" + list + ">");
            Reply data = gate.data();
            if (data.code() != 354) return refusedOrDeferred(data, "DATA");
            Reply end = gate.send(article, InputStream.nullInputStream());
            if (end.positive()) return new Outcome(end.text().endsWith("held") ? Fate.HELD : Fate.PASSED, end);
            if (end.permanentFailure()) return new Outcome(Fate.REFUSED, end);
            throw new Deferred("the gate answered the article with " + end);
        } catch (Deferred e) {
            throw e;
        } catch (IOException e) {
            throw new Deferred("the gate at " + shown + " failed: " + e.getMessage(), e);
        }
    }

    /** A refusal before the message (a blocklisted sender at RCPT): the transaction is reset for the next article. */
    private Outcome refusedOrDeferred(Reply reply, String step) throws IOException {
        gate.rset();
        if (reply.permanentFailure()) return new Outcome(Fate.REFUSED, reply);
        throw new Deferred("the gate answered " + step + " with " + reply);
    }

    @Override
    public void close() {
        gate.close();
    }
}
