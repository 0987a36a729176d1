package org.bayard.milter;

/** The milter protocol's codes and flags this door uses (Sendmail's mfdef.h names, as Postfix's milter8.c uses them). */
final class Protocol {
    private Protocol() {}

    /** The newest protocol version spoken; Postfix 2.6 and later and Sendmail 8.14 speak it. */
    static final int VERSION = 6;
    /** The oldest: Postfix 2.3 to 2.5 (milter_protocol = 2). */
    static final int OLDEST_VERSION = 2;

    // MTA to filter
    static final char OPTNEG = 'O';
    static final char MACRO = 'D';
    static final char CONNECT = 'C';
    static final char HELO = 'H';
    static final char MAIL = 'M';
    static final char RCPT = 'R';
    static final char DATA = 'T';
    static final char HEADER = 'L';
    static final char END_OF_HEADERS = 'N';
    static final char BODY = 'B';
    static final char END_OF_MESSAGE = 'E';
    static final char ABORT = 'A';
    static final char QUIT = 'Q';
    static final char QUIT_NEW_CONNECTION = 'K';
    static final char UNKNOWN = 'U';

    // filter to MTA
    static final char CONTINUE = 'c';
    static final char DISCARD = 'd';
    static final char TEMPFAIL = 't';
    static final char REPLY_CODE = 'y';
    static final char ADD_HEADER = 'h';
    static final char CHANGE_HEADER = 'm';
    static final char DELETE_RECIPIENT = '-';

    // actions the filter asks to take (SMFIF_*)
    static final int ADD_HEADERS = 0x01;
    static final int DELETE_RECIPIENTS = 0x08;
    static final int CHANGE_HEADERS = 0x10;
    static final int ACTIONS = ADD_HEADERS | DELETE_RECIPIENTS | CHANGE_HEADERS;
}
