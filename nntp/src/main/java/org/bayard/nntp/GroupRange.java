package org.bayard.nntp;

/**
 * What GROUP says of a newsgroup: about how many articles it has and the numbers of its first and
 * last. An empty group has {@code high} below {@code low} (RFC 3977 6.1.1.2).
 */
public record GroupRange(String group, long count, long low, long high) {}
