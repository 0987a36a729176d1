package org.bayard.smtp;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * One message's data, from just after our 354 to the reply at its end: read whole into a buffer
 * that spills to disk (framed to the size the next hop can take), judged ({@link MessageJudge}),
 * the decision carried out on the next hop ({@link MessageRelay}), the transaction ended, the
 * client answered, and the outcome told to the filter for the log, also when the client is gone.
 * It exists so that the session's DATA reads as its checks, 354 and intake, and so that the
 * message's buffer is taken and given back in one place.
 */
final class MessageIntake {
    private final SmtpSettings settings;
    private final MessageFilter filter;
    private final ClientInput in;
    private final ClientReplies replies;
    private final GateOffer offer;
    private final NextHopLink hop;
    /** The heap all sessions' messages may hold at once; past it they spill to disk. */
    private final MessageMemory memory;
    private final MailTransaction transaction;
    private final MessageJudge judge;
    private final MessageRelay relaying;

    MessageIntake(SmtpSettings settings, MessageFilter filter, ClientInput in, ClientReplies replies, GateOffer offer,
                  NextHopLink hop, MessageMemory memory, MailTransaction transaction) {
        this.settings = settings;
        this.filter = filter;
        this.in = in;
        this.replies = replies;
        this.offer = offer;
        this.hop = hop;
        this.memory = memory;
        this.transaction = transaction;
        this.judge = new MessageJudge(settings, filter);
        this.relaying = new MessageRelay(settings, hop);
    }

    /**
     * Takes the message for {@code env}, whose DATA began at {@code start} ({@link System#nanoTime}),
     * running {@code endTransaction} once the decision is carried out and before the client hears
     * it. False when the connection must close: the client left or timed out mid-DATA.
     */
    boolean receive(Envelope env, long start, Runnable endTransaction) throws IOException {
        DataDecoder decoder = new DataDecoder(sizeLimit());
        try (SpillBuffer message = new SpillBuffer(settings.memoryPerMessage(), settings.spoolDir(), memory)) {
            try {
                if (!in.readMessage(decoder, message)) { // client gone mid-DATA: the hop is closed, nothing delivered
                    filter.messageCut(env, message.size(), "the client closed the connection during DATA");
                    return false;
                }
            } catch (SocketTimeoutException e) {
                filter.messageCut(env, message.size(), "the client sent nothing for the idle time during DATA; answered 421");
                replies.reply(421, "4.4.2 timeout during DATA; closing");
                return false;
            }
            return decide(env, start, message, decoder, endTransaction);
        }
    }

    /** A message to come by BDAT for {@code env}, whose first chunk began at {@code start} ({@link System#nanoTime}). */
    ChunkedMessage chunked(Envelope env, long start) {
        return new ChunkedMessage(env, start, new SpillBuffer(settings.memoryPerMessage(), settings.spoolDir(), memory),
                new ChunkDecoder(sizeLimit()));
    }

    /** Reads one chunk of {@code octets} into {@code message}. False when the connection must close: the client left or timed out in it. */
    boolean chunk(ChunkedMessage message, long octets) throws IOException {
        try {
            if (in.readChunk(octets, message.decoder(), message.buffer())) return true;
            filter.messageCut(message.envelope(), message.buffer().size(), "the client closed the connection during BDAT");
            return false;
        } catch (SocketTimeoutException e) {
            filter.messageCut(message.envelope(), message.buffer().size(), "the client sent nothing for the idle time during BDAT; answered 421");
            replies.reply(421, "4.4.2 timeout during BDAT; closing");
            return false;
        }
    }

    /** For a session that ended with {@code message}'s transaction open between its chunks: the client left before its last. */
    void cutBetweenChunks(ChunkedMessage message) {
        filter.messageCut(message.envelope(), message.buffer().size(), "the session ended before the last BDAT chunk");
    }

    /** After the last chunk of {@code message}: as {@link #receive} after the final dot. The message's buffer is closed. */
    boolean lastChunk(ChunkedMessage message, Runnable endTransaction) throws IOException {
        try (message) {
            message.decoder().end();
            return decide(message.envelope(), message.start(), message.buffer(), message.decoder(), endTransaction);
        }
    }

    /**
     * The largest message taken: what the next hop can take with our fields, not only our own limit.
     * A message held past it could never be released, and one relayed would get 552 there after our 354.
     */
    private long sizeLimit() {
        return offer.sizeLimit(hop.sizeLimit());
    }

    /** The message read whole: judged, the decision carried out, the transaction ended, the client answered and the filter told. */
    private boolean decide(Envelope env, long start, SpillBuffer message, MessageFraming framing, Runnable endTransaction)
            throws IOException {
        message.flush();
        FilterResult result = judge.judge(env, message, framing);
        Reply r = relaying.carryOut(result, message, transaction.allLocal());
        endTransaction.run();
        boolean clientLost = true;
        try {
            replies.reply(r);
            clientLost = false;
        } finally {
            // logged also when the client is gone: a message it did not hear was taken may come again
            filter.finished(env, result, r, clientLost, System.nanoTime() - start);
        }
        return true;
    }
}
