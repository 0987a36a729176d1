package org.bayard.eval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of a {@link RocPlot} in pixels, shared by the SVG and PNG renderers so the two
 * pictures agree. Both axes are logarithmic: the interesting part of a good filter's curve is
 * at hundredths of a percent of ham lost, which a linear axis squeezes into one pixel. A rate of
 * zero has no logarithm; it is drawn on the axis line, a tick labelled 0 one decade below the
 * lowest decade shown, which is itself below the smallest rate the corpus can produce (one
 * message), so neither can be mistaken for the other. (Zero was drawn on the lowest decade's
 * tick, so a cutoff that lost no ham read as 0.01% lost.)
 */
public final class PlotLayout {
    public static final int WIDTH = 880, HEIGHT = 520; // room right of the plot for legends like "bogofilter 1.2.5  (1-ROCA% 0.0786)"
    public static final int LEFT = 80, TOP = 50, RIGHT = 520, BOTTOM = 450;
    /** Enough for a smooth curve at this size, and keeps the SVG small (a point is ~12 bytes). */
    public static final int MAX_POINTS = 400;
    private static final String[] PALETTE = {"#1f5fa8", "#c8312b", "#2a8a3e", "#e07b00", "#7a4fa3", "#8c564b", "#d0539b", "#555555"};
    /**
     * The dash of a curve once the colours are used up, as an SVG stroke-dasharray ("" is solid):
     * with the colours alone the ninth curve was drawn, and keyed in the legend, as the first.
     */
    private static final String[] DASHES = {"", "8 4", "2 3", "10 3 2 3"};

    /** @param dash an SVG stroke-dasharray, "" for a solid line */
    public record Line(String label, String color, String dash, double[] xs, double[] ys) {}
    public record Tick(double position, String text) {}
    public record Mark(double x, double y, String text, String color) {}
    public record LegendEntry(String text, String color, String dash) {}

    private final String title;
    private final List<Line> lines = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private final List<Tick> xTicks = new ArrayList<>();
    private final List<Tick> yTicks = new ArrayList<>();
    private final List<LegendEntry> legend = new ArrayList<>();
    private final int xMinLog, yMinLog;

    private PlotLayout(RocPlot plot) {
        title = plot.title();
        int maxHam = 1, maxSpam = 1;
        for (RocCurve c : plot.curves()) {
            maxHam = Math.max(maxHam, c.hams());
            maxSpam = Math.max(maxSpam, c.spams());
        }
        xMinLog = minLog(maxHam);
        yMinLog = minLog(maxSpam);
        xTicks.add(new Tick(x(0), "0"));
        yTicks.add(new Tick(y(0), "0"));
        for (int d = xMinLog; d <= 0; d++) xTicks.add(new Tick(x(Math.pow(10, d)), percent(d)));
        for (int d = yMinLog; d <= 0; d++) yTicks.add(new Tick(y(Math.pow(10, d)), percent(d)));
        for (int i = 0; i < plot.curves().size(); i++) {
            RocCurve c = plot.curves().get(i);
            String color = PALETTE[i % PALETTE.length];
            String dash = DASHES[(i / PALETTE.length) % DASHES.length];
            lines.add(downsample(c, color, dash));
            legend.add(new LegendEntry(String.format(Locale.ROOT, "%s  (1-ROCA%% %.4f)", legendName(c.label()), c.oneMinusRocaPercent()),
                    color, dash));
        }
        for (RocPlot.Marker m : plot.markers()) addMark(m);
    }

    /**
     * A mark where another of the same curve already is gets its label joined to that one's:
     * equal cutoffs (no unsure band, which the configuration allows and eval recommends when an
     * unsure message costs much), or cutoffs with no message between them, drew "ham-cutoff 0.5"
     * and "spam-cutoff 0.5" over each other on one point, unreadable as either.
     */
    private void addMark(RocPlot.Marker m) {
        double x = x(m.point().hamMisclassified()), y = y(m.point().spamMisclassified());
        String color = PALETTE[m.curve() % PALETTE.length];
        for (int i = 0; i < marks.size(); i++) {
            Mark other = marks.get(i);
            if (other.color().equals(color) && Math.abs(other.x() - x) < 1 && Math.abs(other.y() - y) < 1) {
                marks.set(i, new Mark(other.x(), other.y(), other.text() + ", " + m.text(), color));
                return;
            }
        }
        marks.add(new Mark(x, y, m.text(), color));
    }

    /**
     * A curve's name as short as the legend's room allows: a longer one ran past the picture's
     * right edge, and the PNG lost the curve's 1-ROCA%. The curve's title and the report's table
     * keep the whole name.
     */
    static String legendName(String label) {
        return label.length() <= MAX_LEGEND_NAME ? label : label.substring(0, MAX_LEGEND_NAME - 1) + "\u2026";
    }

    /** What fits right of the plot beside "  (1-ROCA% 0.0786)" at the legend's 12 px. */
    private static final int MAX_LEGEND_NAME = 24;

    public static PlotLayout of(RocPlot plot) {
        return new PlotLayout(plot);
    }

    public String title() {
        return title;
    }

    public String xLabel() {
        return "ham misclassified as spam (false-positive rate, log scale)";
    }

    public String yLabel() {
        return "spam not caught (false-negative rate, log scale)";
    }

    public List<Line> lines() {
        return lines;
    }

    public List<Mark> marks() {
        return marks;
    }

    public List<Tick> xTicks() {
        return xTicks;
    }

    public List<Tick> yTicks() {
        return yTicks;
    }

    public List<LegendEntry> legend() {
        return legend;
    }

    /** The lowest decade shown: below half a single message's rate, and at most 0.01%. */
    private static int minLog(int n) {
        return Math.min(-4, (int) Math.floor(Math.log10(0.5 / n)));
    }

    double x(double rate) {
        return LEFT + scale(rate, xMinLog) * (RIGHT - LEFT);
    }

    double y(double rate) {
        return BOTTOM - scale(rate, yMinLog) * (BOTTOM - TOP);
    }

    /** 0 at the axis line (a rate of zero), 1/(1-minLog) at the lowest decade, 1 at 100%. */
    private static double scale(double rate, int minLog) {
        int zero = minLog - 1;
        double log = rate <= 0 ? zero : Math.max(minLog, Math.min(0, Math.log10(rate)));
        return (log - zero) / -zero;
    }

    private static String percent(int decade) {
        return new BigDecimal(1).scaleByPowerOfTen(decade + 2).stripTrailingZeros().toPlainString() + "%";
    }

    /**
     * Tied scores move both rates at once: the curve's segment is straight on linear axes (ham and
     * spam lost in proportion), which on log axes is a bend. Drawn as a straight line between its
     * ends, a tie of every message (an uninformed filter, 1-ROCA% 50) went straight from 100% of
     * spam missed at 0 ham lost to 0 at 100%, and read 0.1% of spam missed at 0.1% of ham lost;
     * it should read 99.9%. So each tie is drawn through points along the linear segment, closer
     * together towards its ends, where the log scale spreads them.
     */
    private static RocCurve.Point[] withTiesAsDrawn(RocCurve.Point[] points) {
        List<RocCurve.Point> drawn = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            if (i > 0) {
                RocCurve.Point a = points[i - 1], b = points[i];
                if (a.hamMisclassified() != b.hamMisclassified() && a.spamMisclassified() != b.spamMisclassified()) {
                    for (double t : TIE_STEPS) {
                        drawn.add(new RocCurve.Point(a.hamMisclassified() + t * (b.hamMisclassified() - a.hamMisclassified()),
                                a.spamMisclassified() + t * (b.spamMisclassified() - a.spamMisclassified())));
                    }
                }
            }
            drawn.add(points[i]);
        }
        return drawn.toArray(RocCurve.Point[]::new);
    }

    /** Shares of a tie's segment, in (0, 1): eight per decade from each end down to 10^-7, ascending. */
    private static final double[] TIE_STEPS = tieSteps();

    private static double[] tieSteps() {
        java.util.TreeSet<Double> steps = new java.util.TreeSet<>();
        for (int k = 1; k <= 56; k++) {
            double t = Math.pow(10, -k / 8.0);
            steps.add(t);
            steps.add(1 - t);
        }
        return steps.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Keeps the first and last points and, between them, a point whenever the pen has moved a
     * fixed share of the path's length in pixels: at most {@link #MAX_POINTS}, spread evenly
     * along what the eye sees rather than along the thresholds, which crowd where scores do.
     */
    private Line downsample(RocCurve curve, String color, String dash) {
        RocCurve.Point[] points = withTiesAsDrawn(curve.points());
        double[] px = new double[points.length], py = new double[points.length];
        double length = 0;
        for (int i = 0; i < points.length; i++) {
            px[i] = x(points[i].hamMisclassified());
            py[i] = y(points[i].spamMisclassified());
            if (i > 0) length += Math.hypot(px[i] - px[i - 1], py[i] - py[i - 1]);
        }
        double step = length / (MAX_POINTS - 2);
        List<double[]> kept = new ArrayList<>();
        kept.add(new double[] {px[0], py[0]});
        double lastX = px[0], lastY = py[0];
        int last = points.length - 1;
        for (int i = 1; i < last; i++) {
            if (step > 0 && Math.hypot(px[i] - lastX, py[i] - lastY) >= step) {
                kept.add(new double[] {px[i], py[i]});
                lastX = px[i];
                lastY = py[i];
            }
        }
        if (last > 0) kept.add(new double[] {px[last], py[last]});
        double[] xs = new double[kept.size()], ys = new double[kept.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = kept.get(i)[0];
            ys[i] = kept.get(i)[1];
        }
        return new Line(curve.label(), color, dash, xs, ys);
    }
}
