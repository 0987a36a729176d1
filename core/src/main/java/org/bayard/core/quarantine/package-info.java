/**
 * The spool of held mail. Owns durability (write, fsync, rename, directory fsync) and nothing
 * else: what the metadata says, and who may release, is the caller's business.
 */
package org.bayard.core.quarantine;
