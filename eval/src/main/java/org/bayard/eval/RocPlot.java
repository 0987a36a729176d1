package org.bayard.eval;

import java.util.List;

/**
 * What a ROC plot shows: one or more curves and labelled points on them (our cutoffs). Drawn
 * by {@link SvgPlot} and {@link PngPlot} from the same {@link PlotLayout}.
 */
public record RocPlot(String title, List<RocCurve> curves, List<Marker> markers) {
    /** A labelled point on curve number {@code curve}, e.g. a configured cutoff. */
    public record Marker(int curve, String text, RocCurve.Point point) {}

    public RocPlot {
        curves = List.copyOf(curves);
        markers = List.copyOf(markers);
        if (curves.isEmpty()) throw new IllegalArgumentException("a plot needs at least one curve");
        for (Marker m : markers) {
            if (m.curve() < 0 || m.curve() >= curves.size()) throw new IllegalArgumentException("marker on no curve: " + m);
        }
    }
}
