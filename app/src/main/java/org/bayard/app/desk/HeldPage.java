package org.bayard.app.desk;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.bayard.http.Backend.Held;
import org.bayard.http.Backend.HeldView;
import org.bayard.http.Backend.SymbolHit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A held message as the moderation page shows it: its header fields decoded and cut to a length a
 * page can take, its text, its HTML stripped of what could run or load, its attachments named, and
 * what the gate's sidecar says of it. Apart from {@link DeskBackend}, which finds and reads held
 * files safely and within a memory budget; this only turns bytes already read into the view.
 */
final class HeldPage {
    /** The most header fields the view lists; the rest are counted. */
    private static final int MAX_HEADERS = 200;
    /**
     * The most characters of one header field the view shows; the raw message has the rest. A
     * field of 10 MB was unfolded, decoded and written out whole, in copies of its own.
     */
    private static final int MAX_HEADER_CHARS = 16 * 1024;

    private HeldPage() {}

    /**
     * The view of a held message: {@code raw} is what was read of it, at most {@code viewedWhole}
     * bytes and one more when it is larger; {@code meta} its sidecar.
     */
    static HeldView of(Held summary, Map<String, Object> meta, byte[] raw, int viewedWhole) {
        boolean cut = raw.length > viewedWhole;
        // a message too deep or too big for mime4j's tree, or larger than a view reads, shows its header (its first 64 KB) and a note
        boolean whole = !cut && MimeTreeLimits.within(raw, MimeConfig.PERMISSIVE);
        Message msg = whole ? LenientParse.parse(raw, false)
                : LenientParse.parse(java.util.Arrays.copyOf(raw, Math.min(raw.length, 64 * 1024)), true);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        int headersNotListed = 0;
        StringBuilder text = new StringBuilder();
        if (cut) {
            text.append("[body not shown: the message is larger than ").append(viewedWhole)
                    .append(" bytes, the most a view reads in this heap; the raw message has it as sent]\n");
        } else if (!whole) {
            text.append("[body not shown: its MIME structure nests deeper than ").append(MimeTreeLimits.MAX_DEPTH)
                    .append(" levels, or has over ").append(MimeTreeLimits.MAX_PARTS).append(" parts or ")
                    .append(MimeTreeLimits.MAX_FIELDS).append(" header fields; the raw message has it as sent]\n");
        }
        EncodedWords words = new EncodedWords();
        MessageParts parts = new MessageParts(words);
        if (msg != null) {
            for (Field f : msg.getHeader().getFields()) {
                if (headers.size() >= MAX_HEADERS) { // counted, so that the view says it shows only the first
                    headersNotListed++;
                    continue;
                }
                headers.add(new AbstractMap.SimpleImmutableEntry<>(f.getName(), shown(words, f.getBody())));
            }
            parts.walk(msg);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> syms = meta.get("symbols") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        List<SymbolHit> symbols = new ArrayList<>();
        for (Map<String, Object> s : syms) {
            symbols.add(new SymbolHit(String.valueOf(s.get("name")), s.get("points") instanceof Number n ? n.doubleValue() : 0,
                    String.valueOf(s.getOrDefault("detail", ""))));
        }
        @SuppressWarnings("unchecked")
        List<String> clues = meta.get("clues") instanceof List<?> l ? (List<String>) l : List.of();
        text.append(parts.text);
        StringBuilder html = parts.html;
        String body = text.toString();
        Optional<String> htmlBody = html.isEmpty() ? Optional.empty() : Optional.of(clean(html.toString()));
        if (body.isBlank() && htmlBody.isPresent()) body = Jsoup.parse(html.toString()).wholeText();
        return new HeldView(summary, String.valueOf(meta.getOrDefault("client", "")),
                String.valueOf(meta.getOrDefault("helo", "")), headers, symbols, clues, body, htmlBody, parts.attachments,
                parts.attachmentsNotListed, headersNotListed);
    }

    /** Drops what could navigate, load or run even before the sandbox and CSP get a say. */
    static String clean(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("script, meta, link, base, iframe, frame, frameset, object, embed, form, applet, portal").remove();
        doc.getAllElements().forEach(e -> e.attributes().asList().forEach(a -> {
            String k = a.getKey().toLowerCase(Locale.ROOT);
            if (k.startsWith("on") || k.equals("srcdoc") || k.equals("formaction")) e.removeAttr(a.getKey());
        }));
        return doc.outerHtml();
    }

    /** A field's value as the view shows it: unfolded, decoded, and cut at {@link #MAX_HEADER_CHARS}, saying so. */
    private static String shown(EncodedWords words, String body) {
        String value = body == null ? "" : body;
        if (value.length() <= MAX_HEADER_CHARS) return words.decode(unfold(value));
        return words.decode(unfold(value.substring(0, MAX_HEADER_CHARS))) + " [the rest is not shown: "
                + (value.length() - MAX_HEADER_CHARS) + " more characters of this field; the raw message has it all]";
    }

    private static String unfold(String s) {
        return s == null ? "" : s.replaceAll("\r?\n[ \t]", " ").replaceAll("[\r\n]", " ");
    }
}
