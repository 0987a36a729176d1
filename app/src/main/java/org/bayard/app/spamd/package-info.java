/**
 * Wiring for the spamd door: the spamc/spamd protocol of {@code bayard serve} over the gate's
 * policy and the engine's store, so that spamc and Exim's {@code spam =} condition get the
 * verdict the gate would give and learn as the HTTP API learns.
 */
package org.bayard.app.spamd;
