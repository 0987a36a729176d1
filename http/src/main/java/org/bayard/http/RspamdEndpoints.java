package org.bayard.http;

import java.io.IOException;
import java.util.Map;

/**
 * The endpoints rspamc and Rspamd's milter clients call: {@code /checkv2}, {@code /learnspam} and
 * {@code /learnham}, answered in Rspamd's shapes and status codes. Apart from our own API because
 * their words are Rspamd's, not ours, and change only when Rspamd's do.
 */
final class RspamdEndpoints {
    private final Gatekeeper gatekeeper;
    private final MessageIntake intake;
    private final Backend backend;
    private final Metrics metrics;

    RspamdEndpoints(Gatekeeper gatekeeper, MessageIntake intake, Backend backend, Metrics metrics) {
        this.gatekeeper = gatekeeper;
        this.intake = intake;
        this.backend = backend;
        this.metrics = metrics;
    }

    int checkv2(Request r) throws IOException {
        if (!r.method.equals("POST")) throw Responses.wrongMethod(r.ex, "POST");
        gatekeeper.sameOrigin(r);
        gatekeeper.authenticate(r, Role.READ);
        return Responses.ok(r.ex, Rspamd.reply(intake.scan(r), r.header("Queue-Id")), r.answerInZstd());
    }

    int learn(Request r, String mailClass) throws IOException {
        gatekeeper.wholeStore(gatekeeper.change(r, Role.ADMIN));
        byte[] msg = intake.message(r);
        Backend.LearnResult res = backend.learn(msg, mailClass, "api");
        if (res.changed()) metrics.learned(mailClass, "api");
        return switch (res.kind()) {
            case LEARNED, RELEARNED -> Responses.ok(r.ex, Map.of("success", true));
            // Rspamd's codes: 208 (rspamc shows the error and exits 0) for a message learned before, 410 for a learn refused
            case ALREADY_LEARNED -> Responses.error(r.ex, 208, "<message> has already been learned as " + mailClass);
            default -> Responses.error(r.ex, 410, res.describe());
        };
    }
}
