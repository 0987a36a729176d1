package org.bayard.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body kept as it arrives, in pieces, each taken from the {@link BodyBudget} before it
 * is filled: a client that declares a large message and sends it slowly holds what it has sent,
 * not what it declared. Setting the whole cost aside before the first byte came let five clients
 * declaring 3 MB each, and sending 10 bytes, take a 128 MB heap's budget and keep every check out
 * with 503 for the 60 s a request may take.
 */
final class ArrivingBody {
    /**
     * Budget taken a piece at a time, so that one slow client holds at most this much it has not
     * sent: the 512 connections the server allows, each having sent a byte, hold 8 MB of it.
     */
    static final int PIECE = 16 * 1024;
    static final String BUSY = "busy: other large messages are being read; try again";
    /** How long a body waits for its next share of the budget before it gets 503. */
    static final Duration WAIT = Duration.ofSeconds(5);
    private static final Object ONE_COPY_AT_A_TIME = new Object();

    private final BodyBudget budget;
    private final List<byte[]> pieces = new ArrayList<>();
    private int lastFilled = PIECE;
    private long size;

    /** {@code budget} null: a small body (a form) kept without one. */
    ArrivingBody(BodyBudget budget) {
        this.budget = budget;
    }

    void write(byte[] buf, int off, int len) {
        while (len > 0) {
            if (lastFilled == PIECE) {
                take(PIECE);
                pieces.add(new byte[PIECE]);
                lastFilled = 0;
            }
            int n = Math.min(len, PIECE - lastFilled);
            System.arraycopy(buf, off, pieces.getLast(), lastFilled, n);
            lastFilled += n;
            size += n;
            off += n;
            len -= n;
        }
    }

    private void take(long bytes) {
        if (budget == null) return;
        try {
            if (!budget.take(this, bytes, WAIT.toMillis())) throw new Stop(503, BUSY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
            throw new Stop(503, BUSY);
        }
    }

    long size() {
        return size;
    }

    /** Another body on the same budget: the compressed form of a message, kept apart from the message. */
    ArrivingBody another() {
        return new ArrivingBody(budget);
    }

    /**
     * Takes {@code bytes} more of the budget for what is made from this body (the message its
     * compressed bytes hold), given back with the body's own share at {@link #release}.
     *
     * @throws Stop 503 when the budget has not that much left in time
     */
    void takeMore(long bytes) {
        take(bytes);
    }

    /**
     * The body in one array, with {@code costPerByte} times its length (the work on it) taken from
     * the budget in place of the pieces' share. Copies into one array are made one at a time, so
     * the pieces and one array more are all the heap ever holds past the budget.
     *
     * @throws Stop 503 when the budget has not that much left in time (the pieces' share is then still held)
     */
    byte[] whole(long costPerByte) {
        long more = size * costPerByte - (long) pieces.size() * PIECE;
        if (more > 0) take(more);
        else if (budget != null) budget.release(this, -more);
        synchronized (ONE_COPY_AT_A_TIME) {
            byte[] whole = new byte[(int) size];
            int at = 0;
            for (byte[] piece : pieces) {
                int n = (int) Math.min(PIECE, size - at);
                System.arraycopy(piece, 0, whole, at, n);
                at += n;
            }
            pieces.clear();
            return whole;
        }
    }

    /** Gives back what the body holds of the budget; once its request is answered. */
    void release() {
        if (budget != null) budget.release(this);
        pieces.clear();
    }
}
