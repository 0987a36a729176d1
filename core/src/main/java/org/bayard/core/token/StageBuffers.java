package org.bayard.core.token;

/**
 * The buffers the feature stages fill and then forget, kept per thread from message to message
 * (see {@link Tokenizer}): the body's word splitter, the one the header stages share, the
 * link stage's with the links and hosts it remembers, and one {@link HostName} for the stages
 * that normalise host names.
 *
 * <p>Made per message, these were some 2.5 KB of zeroed arrays (a host name holds 253 chars,
 * and four stages had one each) that the cache had not seen, and their construction about 1%
 * of the flight recorder's samples of preparing a message (see {@link Tokenizer} for the gain). Each is used only within one call
 * into its stage, which never calls into another stage that uses it: the header stages run one
 * field at a time, and links come from the body, after the header block. The link stage's memory
 * alone lasts a whole message, from the stage's construction, which empties it: like the body's
 * splitter midway through a text, it relies on no stage reading another message on its thread.
 * After each message, {@link #release} gives up what a long text grew.
 */
final class StageBuffers {

    /** Skips links, for the body's text; each text starts it anew. */
    final WordSplitter body;
    /** For the header stages: they may run while the body's is live. */
    final WordSplitter header;
    final WordSplitter url;
    final HostName host = new HostName();
    final UrlFeatures.Memory urlMemory = new UrlFeatures.Memory();

    StageBuffers(int maxWordLength) {
        this.body = new WordSplitter(maxWordLength, true);
        this.header = new WordSplitter(maxWordLength, false);
        this.url = new WordSplitter(maxWordLength, false);
    }

    /**
     * After a message: the splitters give up a copy that a long text grew (see
     * {@link TextBuffer#release}), so that each thread does not keep the largest text it split.
     * The host name and the link stage's memory have fixed sizes.
     */
    void release() {
        body.release();
        header.release();
        url.release();
    }
}
