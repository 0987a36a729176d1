package org.bayard.core.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records what the reader reports, one line per event, for assertions. */
final class Recorder implements MailVisitor {

    final List<String> events = new ArrayList<>();
    final List<String> headers = new ArrayList<>();
    final List<PartInfo> parts = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    final List<String> hidden = new ArrayList<>();
    final List<String> urls = new ArrayList<>();
    final List<String> anomalies = new ArrayList<>();
    /** The file names given, described parts' and those past the part limit. */
    final List<String> attachmentNames = new ArrayList<>();

    static Recorder read(String message) {
        return read(message.getBytes(StandardCharsets.UTF_8), MailLimits.DEFAULT);
    }

    static Recorder read(byte[] message, MailLimits limits) {
        Recorder r = new Recorder();
        MailReader.read(message, limits, r);
        return r;
    }

    String allText() {
        return String.join(" | ", texts);
    }

    @Override
    public void header(String name, String value, int depth) {
        headers.add(depth + " " + name + ": " + value);
        events.add("header " + depth + " " + name + ": " + value);
    }

    @Override
    public void part(PartInfo part) {
        parts.add(part);
        events.add("part " + part);
    }

    @Override
    public void attachmentName(String fileName) {
        attachmentNames.add(fileName);
    }

    @Override
    public void text(CharSequence text, TextOrigin origin) {
        (origin == TextOrigin.HTML_HIDDEN ? hidden : texts).add(text.toString());
        events.add("text " + origin + " " + text);
    }

    @Override
    public void url(String url) {
        urls.add(url);
        events.add("url " + url);
    }

    @Override
    public void anomaly(String code) {
        anomalies.add(code);
        events.add("anomaly " + code);
    }
}
