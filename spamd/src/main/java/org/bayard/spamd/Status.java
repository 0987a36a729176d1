package org.bayard.spamd;

/**
 * The status codes this door answers with besides success: BSD sysexits values, which spamd
 * writes in its first line ({@code SPAMD/1.0 76 Bad header line: ...}) and spamc exits with.
 */
enum Status {
    /** The message cannot be served as asked (too large to process or learn, not mail). */
    EX_DATAERR(65),
    /** Refused by configuration or for a request the door cannot read (TELL not allowed, bad zlib). */
    EX_UNAVAILABLE(69),
    /** A failure of our own, said in the log. */
    EX_SOFTWARE(70),
    /** Try again later: every turn busy, the store's write lock held elsewhere. */
    EX_TEMPFAIL(75),
    /** A request not in the protocol. */
    EX_PROTOCOL(76),
    /** The client sent too slowly. */
    EX_TIMEOUT(79);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
