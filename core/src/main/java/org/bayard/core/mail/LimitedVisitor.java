package org.bayard.core.mail;

/**
 * Caps what one message may send to the visitor that the parts of the reader cannot bound on
 * their own: the number of links. A page of ten thousand links is an attack, not more evidence.
 */
final class LimitedVisitor implements MailVisitor {

    private final MailVisitor target;
    private final int maxUrls;
    private int urls;

    LimitedVisitor(MailVisitor target, int maxUrls) {
        this.target = target;
        this.maxUrls = maxUrls;
    }

    @Override
    public void header(String name, String value, int depth) {
        target.header(name, value, depth);
    }

    @Override
    public void part(PartInfo part) {
        target.part(part);
    }

    @Override
    public void attachmentName(String fileName) {
        target.attachmentName(fileName);
    }

    @Override
    public void text(CharSequence text, TextOrigin origin) {
        target.text(text, origin);
    }

    @Override
    public void url(String url) {
        if (urls < maxUrls) {
            target.url(url);
        } else if (urls == maxUrls) {
            target.anomaly("url-limit");
        }
        urls++;
    }

    @Override
    public void anomaly(String code) {
        target.anomaly(code);
    }
}
