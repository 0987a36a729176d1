package org.bayard.core.token;

import org.bayard.core.mail.PartInfo;

import java.util.Locale;

/**
 * The MIME structure: each part's type, charset, transfer encoding and file name (with its
 * extension, where executables give themselves away), and at the end the shape of the whole:
 * how many parts and attachments, how deep, and whether the only text is HTML (a classic
 * bulk-mail trait that plain-text-first mail clients rarely produce).
 */
final class PartFeatures {

    private static final int MAX_VALUE_CHARS = 60;
    private static final int MAX_EXTENSION_CHARS = 10;

    private final FeatureSink sink;
    private int parts;
    private int attachments;
    private int plain;
    private int html;
    private int maxDepth;

    PartFeatures(FeatureSink sink) {
        this.sink = sink;
    }

    void accept(PartInfo part) {
        parts++;
        maxDepth = Math.max(maxDepth, part.depth());
        String type = part.mimeType();
        sink.accept("content-type:", bounded(type));
        if (type.equals("text/html")) {
            html++;
        } else if (type.startsWith("text/")) {
            plain++;
        }
        if (!part.charset().isEmpty()) {
            sink.accept("charset:", bounded(part.charset()));
        }
        if (!part.transferEncoding().isEmpty()) {
            sink.accept("encoding:", bounded(part.transferEncoding()));
        }
        if (!part.fileName().isEmpty()) {
            attachments++;
            fileName(part.fileName().strip().toLowerCase(Locale.ROOT));
        }
    }

    void finish() {
        sink.accept("parts:", Buckets.of(parts));
        sink.accept("parts:depth:", Buckets.of(maxDepth));
        sink.accept("parts:attachments:", Buckets.of(attachments));
        if (html > 0 && plain == 0) {
            sink.accept("parts:", "html-only");
        } else if (html == 0 && plain == 0) {
            sink.accept("parts:", "no-text");
        }
    }

    private void fileName(String name) {
        sink.accept("filename:", bounded(name));
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && name.length() - dot - 1 <= MAX_EXTENSION_CHARS) {
            sink.accept("filename:ext:", name.substring(dot + 1).strip());
        }
    }

    private static String bounded(String s) {
        return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) : s;
    }
}
