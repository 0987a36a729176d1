/**
 * The scale-out {@link org.bayard.core.store.TokenStore}: one Redis shared by any number of
 * Bayard nodes.
 *
 * <p>Owns: the key layout (four hashes under one hash tag, see {@link org.bayard.store.redis.RedisKeys}),
 * the commit script that applies a write atomically on the server, and a small RESP2 client of
 * its own (a dozen commands; a client library would bring five dependencies and a logger).
 *
 * <p>Must never: apply a write by setting counts read earlier (another node may have changed
 * them: every change is an increment done in the script); retry a commit whose answer was lost
 * (it may have been applied; the ledger makes the caller's retry of a learn harmless instead).
 */
package org.bayard.store.redis;
