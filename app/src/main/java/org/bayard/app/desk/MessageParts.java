package org.bayard.app.desk;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;

/**
 * What the message view shows of a held message's parts: its plain text, its HTML, and the names
 * of its attachments, the first {@link #LISTED} of them, with a count of the rest. The count is
 * what keeps a cut list honest: a moderator shown 100 names took them for all, and an executable
 * 150th went unseen. The walk goes on past the listed names, so text after them is shown too,
 * and says where it stops (text past its length, parts past its depth).
 */
final class MessageParts {
    /** The most attachment names the view lists. */
    static final int LISTED = 100;
    /**
     * Nesting the view walks into: as deep as {@link MimeTreeLimits} lets a tree be built (it
     * stopped at 20 while trees of 40 were built, and what lay deeper went unseen and unsaid).
     */
    private static final int MAX_DEPTH = MimeTreeLimits.MAX_DEPTH;
    private static final int MAX_TEXT_CHARS = 512 * 1024;

    final StringBuilder text = new StringBuilder();
    final StringBuilder html = new StringBuilder();
    final List<String> attachments = new ArrayList<>();
    /** Attachments past the first {@link #LISTED}, named nowhere in the view. */
    int attachmentsNotListed;
    private boolean textCut;
    private boolean htmlCut;
    private boolean tooDeep;
    private final EncodedWords words;

    MessageParts(EncodedWords words) {
        this.words = words;
    }

    /** Walks {@code message}, adding what it holds. */
    MessageParts walk(Message message) {
        walk(message, 0);
        return this;
    }

    private void walk(Entity e, int depth) {
        if (depth > MAX_DEPTH) {
            if (!tooDeep) text.append("\n[parts nested deeper than ").append(MAX_DEPTH).append(" levels are not shown; the raw message has them]\n");
            tooDeep = true;
            return;
        }
        Body b = e.getBody();
        String name = e.getFilename();
        String listedName = name != null ? name : contentTypeName(e);
        if (listedName != null) {
            if (attachments.size() < LISTED) attachments.add(words.decode(listedName));
            else attachmentsNotListed++;
        }
        if (b instanceof Multipart mp) {
            for (Entity part : mp.getBodyParts()) walk(part, depth + 1);
        } else if (b instanceof Message inner) {
            walk(inner, depth + 1);
        } else if (b instanceof TextBody tb && name == null && !"attachment".equalsIgnoreCase(e.getDispositionType())) {
            String type = e.getMimeType() == null ? "text/plain" : e.getMimeType().toLowerCase(Locale.ROOT);
            StringBuilder into = type.equals("text/html") ? html : type.startsWith("text/") ? text : null;
            if (into == null) return;
            try (Reader r = tb.getReader()) {
                char[] buf = new char[8192];
                for (int n; (n = r.read(buf)) > 0; ) {
                    int room = MAX_TEXT_CHARS - into.length();
                    if (n > room) {
                        into.append(buf, 0, Math.max(0, room));
                        cut(into);
                        break;
                    }
                    into.append(buf, 0, n);
                }
            } catch (IOException | RuntimeException ex) {
                into.append("\n[part could not be decoded]\n");
            }
        }
    }

    /**
     * The name in the part's Content-Type ({@code name=}), which Outlook and much spam give an
     * attachment instead of a Content-Disposition filename: without it "invoice.exe" was listed
     * nowhere. Only for the list; whether a part is shown as text still goes by its disposition.
     */
    private static String contentTypeName(Entity e) {
        return e.getHeader() != null && e.getHeader().getField("Content-Type") instanceof ContentTypeField ct
                ? ct.getParameter("name") : null;
    }

    /**
     * Says, once, that the view stops here: the end of what was shown was read as the end of the
     * message (the unsubscribe link, the payload after a long decoy text).
     */
    private void cut(StringBuilder into) {
        if (into == text && !textCut) {
            textCut = true;
            text.append("\n[the rest is not shown: the view shows the first ").append(MAX_TEXT_CHARS)
                    .append(" characters of the message's text; the raw message has it all]\n");
        } else if (into == html && !htmlCut) {
            htmlCut = true;
            html.append("<p>[the rest is not shown: the view shows the first ").append(MAX_TEXT_CHARS)
                    .append(" characters of the message's HTML; the raw message has it all]</p>");
        }
    }
}
