/**
 * The milter front door: the Sendmail 8.14 milter protocol (version 2 to 6) as Postfix's
 * {@code smtpd_milters} and Sendmail speak it. Each SMTP session of the MTA is one connection here;
 * what it says of the envelope goes to the gate's {@link org.bayard.smtp.MessageFilter} as the
 * SMTP gate's own sessions do (the sender at MAIL, each recipient at RCPT), and the message read
 * whole is filtered at its end: our fields are written by header changes, spam is refused with the
 * gate's reply, held mail is kept in the gate's quarantine and discarded from the MTA's queue.
 */
package org.bayard.milter;
