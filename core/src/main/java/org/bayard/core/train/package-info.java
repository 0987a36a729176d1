/**
 * Learning: message identity (content digest), preparation (tokens outside any transaction), and
 * the {@link org.bayard.core.train.Learner} that keeps counts and the ledger in step. Built on it:
 * {@link org.bayard.core.train.TrainToExhaustion} with {@link org.bayard.core.train.ModelReplacement}
 * (a fresh model swapped in with one transaction), {@link org.bayard.core.train.TrapLearner} for
 * trap addresses, and the {@link org.bayard.core.train.Autolearn} policy. Must never change counts
 * without the matching ledger change in the same store transaction.
 */
package org.bayard.core.train;
