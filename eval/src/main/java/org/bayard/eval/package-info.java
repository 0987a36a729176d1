/**
 * Measuring the filter on labelled corpora: TREC indexes in, scores and figures out.
 *
 * <ul>
 *   <li>Protocols: online and batch replay ({@link org.bayard.eval.Evaluation}), stratified
 *       k-fold cross-validation ({@link org.bayard.eval.CrossValidation}, {@link org.bayard.eval.Folds}).</li>
 *   <li>Figures: {@link org.bayard.eval.Metrics} (TREC's), {@link org.bayard.eval.CostCutoffs}
 *       (cutoffs by the cost of each kind of mistake), {@link org.bayard.eval.RocCurve}.</li>
 *   <li>Pictures: {@link org.bayard.eval.PlotLayout} once, drawn by {@link org.bayard.eval.SvgPlot}
 *       and {@link org.bayard.eval.PngPlot}; {@link org.bayard.eval.HtmlReport} around them.</li>
 * </ul>
 *
 * <p>It uses the same preparer, scorer and learner as the daemon, always on fresh in-memory
 * stores: an evaluation never touches a user's store. The filter sees a message's bytes only,
 * never its path or its label before it is scored. The math and the pictures are pure (no I/O
 * beyond the stream they are given), so they are tested on hand-made numbers.
 */
package org.bayard.eval;
