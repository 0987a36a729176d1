package org.bayard.core.train;

import org.bayard.core.store.Digest;

/**
 * What identifies a message in the ledger: the content digest and, for humans, its Message-ID
 * (empty when it had none).
 */
public record MessageIdentity(Digest digest, String messageId) {}
