/**
 * The spamd front door: SpamAssassin's spamc/spamd protocol (requests {@code CHECK},
 * {@code SYMBOLS}, {@code REPORT}, {@code REPORT_IFSPAM}, {@code PROCESS}, {@code HEADERS},
 * {@code PING}, {@code SKIP} and {@code TELL}, protocol versions 1.0 to 1.5), so that spamc,
 * Exim's {@code spam =} condition and anything else written for spamd can ask Bayard instead.
 * The framing, limits and answers are here; what a message scores and what learning it does
 * come from the caller's {@link org.bayard.spamd.SpamdBackend}.
 */
package org.bayard.spamd;
