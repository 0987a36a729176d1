package org.bayard.core.token;

import org.bayard.core.mail.MailLimits;
import org.bayard.core.mail.MailVisitor;
import org.bayard.core.mail.PartInfo;
import org.bayard.core.mail.TextOrigin;

/**
 * Routes what the mail reader finds to the stage that turns it into features. Built once per
 * message (its stages hold per-message counts and reused buffers); this is the one place where
 * the stages are assembled.
 */
final class MessageFeatures implements MailVisitor {

    private final FeatureSink sink;
    private final WordSplitter splitter;
    private final BodyWords bodyWords;
    private final HeaderFeatures headers;
    private final PartFeatures parts;
    private final UrlFeatures urls;
    private boolean headersDone;
    private boolean sawHidden;

    /** @param buffers the thread's reused splitters and host name, for the limits' longest words */
    MessageFeatures(FeatureSink sink, MailLimits limits, boolean wordPairs, StageBuffers buffers) {
        this.sink = sink;
        int maxWord = limits.maxWordLength();
        this.splitter = buffers.body;
        this.bodyWords = new BodyWords(sink, maxWord, wordPairs ? new WordPairs(sink) : null);
        this.headers = new HeaderFeatures(sink,
                new SubjectFeatures(sink, buffers.header, maxWord),
                new AddressFeatures(sink, buffers.header, buffers.host),
                new ReceivedFeatures(sink, buffers.host),
                new MessageIdFeatures(sink, buffers.host));
        this.parts = new PartFeatures(sink);
        this.urls = new UrlFeatures(sink, buffers.url, maxWord, buffers.host, buffers.urlMemory);
    }

    @Override
    public void header(String name, String value, int depth) {
        if (depth == 0 && !headersDone) {
            headers.accept(name, value);
        }
    }

    @Override
    public void part(PartInfo part) {
        if (!headersDone) {
            headersDone = true;
            headers.finish();
        }
        parts.accept(part);
    }

    @Override
    public void text(CharSequence text, TextOrigin origin) {
        boolean hidden = origin == TextOrigin.HTML_HIDDEN;
        sawHidden |= hidden;
        splitter.startCleaned(text);
        bodyWords.accept(splitter, hidden);
    }

    @Override
    public void url(String url) {
        urls.accept(url);
    }

    @Override
    public void anomaly(String code) {
        sink.accept("anomaly:", code);
    }

    /** After the reader is done: the whole-message features. */
    void finish() {
        if (!headersDone) {
            headersDone = true;
            headers.finish();
        }
        parts.finish();
        urls.finish();
        if (sawHidden) {
            sink.accept("html:", "hidden-text");
        }
    }
}
