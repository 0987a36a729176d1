package org.bayard.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The requests worked on at once (http.max-concurrent). A request holds its slot while the
 * service works on it (credentials, the store, the check), but not while its body arrives nor
 * while its answer is sent: an authenticated client sending its message a byte at a time held a
 * slot for the whole 60 s a request may take, and max-concurrent such clients kept every other
 * check out with 503.
 */
final class WorkerSlots {
    /**
     * How long a request whose body is in waits for a slot again before it gets 503. Work on a
     * request takes milliseconds, so a wait this long means the server is really busy; a client
     * that has sent its whole message deserves the wait more than a 503 at once.
     */
    static final Duration RETAKE_WAIT = Duration.ofSeconds(2);

    /** Reads a request body; the slot is free meanwhile. */
    interface BodyRead {
        void read() throws IOException;
    }

    private final Semaphore free;

    WorkerSlots(int count) {
        this.free = new Semaphore(count);
    }

    /** A slot for one request, or null when every slot is taken. */
    Slot tryTake() {
        return free.tryAcquire() ? new Slot() : null;
    }

    /** One request's slot; closing gives it back if the request still holds it. */
    final class Slot implements AutoCloseable {
        private boolean held = true;

        /**
         * Runs {@code read} with this slot given back, then takes one again. When the read fails the
         * slot stays given back: what is left is an error to answer, no work.
         *
         * @return whether a slot came free again within {@link #RETAKE_WAIT}; if not, the request
         *     holds none and should get 503
         */
        boolean givenBackWhile(BodyRead read) throws IOException {
            if (!held) { // no slot to give back (its answer has begun): none to take again either
                read.read();
                return true;
            }
            free.release();
            held = false;
            read.read();
            try {
                held = free.tryAcquire(RETAKE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server is stopping: no slot, so 503
            }
            return held;
        }

        /**
         * {@code out}, giving this slot back at its first write: once the answer is being sent the
         * work is done (or, for a download or an export, is only copying), and a client slow to
         * take a large answer held its slot for the 120 s an answer may take to send.
         */
        OutputStream givenBackOnAnswer(OutputStream out) {
            return new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    Slot.this.close();
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    Slot.this.close();
                    out.write(b, off, len);
                }
            };
        }

        @Override
        public void close() {
            if (held) free.release();
            held = false;
        }
    }
}
