/**
 * Learning: message identity (content digest), preparation (tokens outside any transaction), and
 * the {@link org.bayard.core.train.Learner} that keeps counts and the ledger in step. Must never
 * change counts without the matching ledger change in the same store transaction.
 */
package org.bayard.core.train;
