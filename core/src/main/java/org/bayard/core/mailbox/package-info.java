/**
 * Where messages come from and go to: the files, mboxes, MMDF mailboxes, Maildirs and standard input a user
 * names on a command line, read into {@link org.bayard.core.mailbox.RawMessage}s one at a time
 * ({@link org.bayard.core.mailbox.MailInputs}, {@link org.bayard.core.mailbox.MboxReader}),
 * and mboxes written back ({@link org.bayard.core.mailbox.MboxWriter}) for culled training
 * sets, moderator exports and harvest folders.
 *
 * <p>This package owns framing only: where one message ends and the next begins, mboxrd
 * escaping, and the bounds on what one message may cost. It must never:
 * <ul>
 *   <li>parse or change a message beyond its framing (no header, MIME or charset handling,
 *       save finding the top header's {@code Content-Length} that mboxcl2 frames by; that is
 *       {@code org.bayard.core.mail});
 *   <li>hold a whole mailbox in memory, or more than one message and, while a
 *       {@code Content-Length} is checked, the limit's worth read ahead;
 *   <li>let a message's origin (path, index) reach anything that scores: origins are for
 *       people reading logs and errors;
 *   <li>swallow a bad path: a path the user named that cannot be read is a
 *       {@link org.bayard.core.mailbox.MailInputException} naming it, never a silent skip;
 *   <li>touch the network, the token store or the clock except through what it is given.
 * </ul>
 */
package org.bayard.core.mailbox;
