/**
 * The classifier: Robinson's token probability and chi-square combining, the verdict from two
 * cutoffs, and the clues behind every score. The math ({@link org.bayard.core.classify.ChiSquare},
 * {@link org.bayard.core.classify.Classifier}) is pure: no I/O, no configuration lookups, no store.
 */
package org.bayard.core.classify;
