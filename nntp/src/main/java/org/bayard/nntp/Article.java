package org.bayard.nntp;

/** What ARTICLE by number gave: the article, none by that number, or one larger than the caller takes. */
public sealed interface Article {
    /** The article as the server keeps it, header and body, each line ending in CRLF, dot-stuffing undone. */
    record Found(long number, byte[] bytes) implements Article {}

    /** No article has that number (cancelled, expired or never there): the server's 423 or 430. */
    record Missing(long number, NntpReply reply) implements Article {}

    /** Larger than the limit; read to its end and dropped, so the connection goes on. */
    record TooLarge(long number, long bytes) implements Article {}
}
