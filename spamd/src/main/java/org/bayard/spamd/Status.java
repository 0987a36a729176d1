package org.bayard.spamd;

/**
 * The status codes of a spamd answer: the BSD sysexits values with their names, as spamd
 * writes them in its first line ({@code SPAMD/1.1 0 EX_OK}) and spamc exits with them.
 */
public enum Status {
    EX_OK(0), EX_USAGE(64), EX_DATAERR(65), EX_NOINPUT(66), EX_NOUSER(67), EX_NOHOST(68), EX_UNAVAILABLE(69),
    EX_SOFTWARE(70), EX_IOERR(74), EX_TEMPFAIL(75), EX_PROTOCOL(76), EX_NOPERM(77), EX_CONFIG(78), EX_TIMEOUT(79);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
