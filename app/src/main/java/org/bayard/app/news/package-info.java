/**
 * The Usenet gateway: new articles of each configured newsgroup, read with the NNTP client, are
 * handed to the SMTP gate one transaction each, addressed to the group's mailing list, so that the
 * gate's judgement (refuse, hold, tag, pass) is the one every message gets. How far each group got
 * is kept in the store's folder, written after the gate's answer: an article is handed over at
 * least once. {@code bayard serve} runs a pass every interval; {@code bayard news-gate} runs one.
 */
package org.bayard.app.news;
