package org.bayard.app.gate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a held item's sidecar tells spam held after the queue ({@code smtp.mode: after-queue}, where
 * a 550 would make Postfix bounce it to a forged sender) from mail held by the policy: the item's
 * {@code action} is {@code hold}, what the gate did, {@code policy_action} keeps the policy's
 * verdict ({@code reject}), and the reason, which the list, the page and the API show, says so.
 */
final class HeldInsteadOfRejected {
    /** The reason's ending; the same words as the decision log's. */
    static final String NOTE = "held instead of rejected (smtp.mode after-queue)";

    private HeldInsteadOfRejected() {}

    /** The sidecar of mail the policy rejected, as held instead: a copy, {@code policy_action} right after {@code action}. */
    static Map<String, Object> marked(Map<String, Object> meta) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : meta.entrySet()) {
            if (e.getKey().equals("action")) {
                m.put("action", "hold");
                m.put("policy_action", e.getValue());
            } else if (e.getKey().equals("reason")) {
                m.put("reason", e.getValue() + "; " + NOTE);
            } else {
                m.put(e.getKey(), e.getValue());
            }
        }
        return m;
    }

    /**
     * A sidecar as read: one the gate wrote before this field existed says {@code "action":
     * "reject"} (an item in the quarantine the policy rejected can only have been held after the
     * queue), and reads as one written now; any other is returned as it is.
     */
    static Map<String, Object> upgraded(Map<String, Object> meta) {
        return "reject".equals(meta.get("action")) ? marked(meta) : meta;
    }
}
