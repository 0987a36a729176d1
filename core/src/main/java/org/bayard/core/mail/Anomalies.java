package org.bayard.core.mail;

import org.apache.james.mime4j.codec.DecodeMonitor;

import java.util.HashSet;
import java.util.Set;

/**
 * Records each anomaly code once per message, and doubles as mime4j's {@link DecodeMonitor} so
 * that its RFC 2047 word decoder reports instead of failing.
 *
 * <p>Once per message because the count carries no extra signal and hostile input can repeat a
 * fault millions of times (random binary is one malformed header line after another).
 */
final class Anomalies extends DecodeMonitor {

    /** Distinct codes kept per message; more is noise from an input built to produce them. */
    private static final int MAX_CODES = 64;

    private final MailVisitor visitor;
    private final Set<String> seen = new HashSet<>();
    /** What is being decoded when a fault is found: a warning's text is prose, this is the code. */
    private String context = "header";
    /**
     * Whether a fault in the current context was recorded: a decoder may find one per line (QP
     * HTML with blanks at line ends), and only the first can add anything, so the others skip
     * building the code and looking it up.
     */
    private boolean contextFaultRecorded;

    Anomalies(MailVisitor visitor) {
        this.visitor = visitor;
    }

    void record(String code) {
        if (seen.size() < MAX_CODES && seen.add(code)) {
            visitor.anomaly(code);
        }
    }

    void context(String what) {
        context = what;
        contextFaultRecorded = false;
    }

    /** Malformed data found by our own decoders in what is being decoded (see {@link #context}). */
    void decodingFault() {
        if (!contextFaultRecorded) {
            contextFaultRecorded = true;
            record("bad-" + context);
        }
    }

    @Override
    public boolean warn(String message, String dropDesc) {
        // Bare LF line ends come from how a message was stored (mbox, Maildir, a Unix file), not
        // from its sender: the same mail over SMTP has CRLF. Features must not depend on storage.
        boolean storageArtifact = message != null && (message.contains("LF without CR") || message.contains("soft line break"));
        if (!storageArtifact) {
            record("bad-" + context);
        }
        return false; // never ask mime4j to throw
    }

    @Override
    public boolean isListening() {
        return true;
    }
}
