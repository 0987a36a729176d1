package org.bayard.spamd;

/** A request the door refuses, with the status and the words of its answer. */
final class BadRequest extends Exception {
    private final Status status;

    BadRequest(Status status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    Status status() {
        return status;
    }

    /** What spamd answers a request it cannot parse: {@code Bad header line: (why)}. */
    static BadRequest protocol(String why) {
        return new BadRequest(Status.EX_PROTOCOL, "Bad header line: " + why);
    }
}
