package org.bayard.app.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bayard.core.mail.HeaderEditor;
import org.bayard.core.policy.SpamHeaders;

/**
 * The fields a released message is delivered with, in place of any X-Spam-* or X-Bayard-*
 * field of ours the sender forged ({@link HeadRewrite} writes them in): the X-Spam-* fields the
 * gate judged it with (kept in the item's sidecar when it was held, flagged as not spam) and
 * {@code X-Bayard-Released}.
 * Delivering the held bytes as they were let a forged {@code X-Spam-Flag: NO} or score reach the
 * recipient as if we had written it, and gave no sign that a person had let the message through.
 */
final class ReleasedHead {
    /** The sidecar's key for the fields a release adds. */
    static final String FIELDS_KEY = "release_headers";

    private ReleasedHead() {}

    /** The fields as the sidecar keeps them: a list of {name, value}. */
    static List<Map<String, String>> kept(List<HeaderEditor.Field> fields) {
        List<Map<String, String>> kept = new ArrayList<>();
        for (HeaderEditor.Field f : fields) {
            Map<String, String> one = new LinkedHashMap<>();
            one.put("name", f.name());
            one.put("value", f.value());
            kept.add(one);
        }
        return kept;
    }

    /**
     * The fields a release adds for an item with sidecar {@code meta}. Only fields of ours with
     * printable ASCII values are taken from it: an edited or damaged sidecar must not write other
     * fields into the message. An item held before sidecars kept them gets what its score and
     * symbols say.
     */
    static List<HeaderEditor.Field> fields(Map<String, Object> meta, ReleasedBy by) {
        List<HeaderEditor.Field> fields = new ArrayList<>();
        if (meta.get(FIELDS_KEY) instanceof List<?> kept) {
            for (Object o : kept) {
                if (o instanceof Map<?, ?> f && f.get("name") instanceof String name && f.get("value") instanceof String value
                        && SpamHeaders.REPLACED.contains(name.toLowerCase(Locale.ROOT))
                        && !name.equalsIgnoreCase(SpamHeaders.RELEASED) && value.matches("[\\x20-\\x7E]{0,4000}")) {
                    fields.add(new HeaderEditor.Field(name, value));
                }
            }
        } else {
            fields.addAll(fromScore(meta));
        }
        fields.add(new HeaderEditor.Field(SpamHeaders.RELEASED, by.fieldValue()));
        return fields;
    }

    /** For an item held before its sidecar kept the fields: its score and the names of its symbols. */
    private static List<HeaderEditor.Field> fromScore(Map<String, Object> meta) {
        List<HeaderEditor.Field> fields = new ArrayList<>();
        fields.add(new HeaderEditor.Field("X-Spam-Flag", "NO"));
        if (!(meta.get("score") instanceof Number n)) return fields;
        String score = String.format(Locale.ROOT, "%.1f", n.doubleValue());
        List<String> tests = new ArrayList<>();
        if (meta.get("symbols") instanceof List<?> symbols) {
            for (Object s : symbols) {
                if (s instanceof Map<?, ?> m && m.get("name") instanceof String name && name.matches("[A-Za-z0-9_]{1,60}")) tests.add(name);
            }
        }
        fields.add(new HeaderEditor.Field("X-Spam-Score", score));
        fields.add(new HeaderEditor.Field("X-Spam-Status", "No, score=" + score + " tests=" + String.join(",", tests)));
        return fields;
    }
}
