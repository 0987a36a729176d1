/**
 * The plumbing the front doors share, and nothing of mail: where a door listens (a TCP port, or
 * a Unix domain socket, which Postfix's {@code smtpd_milters = unix:...} and {@code spamc -U}
 * reach without a port open to the whole host) and what it reads and writes there; TLS (in
 * {@code tls}) for the doors that speak it and the stores and servers Bayard connects to. Kept
 * out of the core, which knows nothing of the network.
 */
package org.bayard.net;
