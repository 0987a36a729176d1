package org.bayard.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportRenderingTest {
    static final RocCurve OURS = RocCurveTest.noisy("bayard <ours> & co", 6000, 1);
    static final RocCurve THEIRS = RocCurveTest.noisy("other", 3000, 2);
    static final RocPlot PLOT = new RocPlot("ROC", List.of(OURS, THEIRS),
            List.of(new RocPlot.Marker(0, "spam-cutoff 0.90", OURS.at(0.9)), new RocPlot.Marker(0, "ham-cutoff 0.20", OURS.at(0.2))));

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** A tie of every message is the diagonal of linear axes: at 1% of ham lost, 99% of spam missed. */
    @Test
    void aTieIsDrawnAsTheStraightLineOfLinearRatesNotOfLogRates() {
        RocCurve tie = RocCurve.of("tie", new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {false, true, false, true});
        PlotLayout layout = PlotLayout.of(new RocPlot("ROC", List.of(tie), List.of()));
        PlotLayout.Line line = layout.lines().get(0);
        double atOnePercent = Double.NaN;
        for (int i = 1; i < line.xs().length; i++) {
            if (line.xs()[i - 1] <= layout.x(0.01) && line.xs()[i] >= layout.x(0.01)) atOnePercent = line.ys()[i];
        }
        // drawn straight between the ends, it was at y(0.01), near the bottom
        assertThat(atOnePercent).isLessThan(layout.y(0.9));
    }

    /**
     * More curves than colours (a postmaster's nine score files): the palette repeated, and the
     * ninth curve was drawn, and listed in the legend, exactly as the first. Each is drawn its own
     * way, by colour and then by dash.
     */
    @Test
    void moreCurvesThanColoursAreEachDrawnTheirOwnWay() throws Exception {
        List<RocCurve> curves = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) curves.add(RocCurveTest.noisy("filter " + i, 400, i + 1));
        Document svg = parse(SvgPlot.file(PlotLayout.of(new RocPlot("ROC", curves, List.of()))));
        NodeList lines = svg.getElementsByTagNameNS("*", "polyline");
        java.util.Set<String> styles = new java.util.HashSet<>();
        for (int i = 0; i < lines.getLength(); i++) {
            Element e = (Element) lines.item(i);
            styles.add(e.getAttribute("stroke") + " " + e.getAttribute("stroke-dasharray"));
        }
        assertThat(styles).hasSize(20);
        NodeList legend = svg.getElementsByTagNameNS("*", "line");
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (int i = 0; i < legend.getLength(); i++) {
            Element e = (Element) legend.item(i);
            if (e.getAttribute("stroke-width").equals("3")) keys.add(e.getAttribute("stroke") + " " + e.getAttribute("stroke-dasharray"));
        }
        assertThat(keys).as("the legend's keys").isEqualTo(styles);
    }

    /**
     * A long --label ("spamassassin-3.4.6-bayes-only-sa-learn") ran the legend past the picture's
     * right edge, and the PNG lost the curve's 1-ROCA%: the legend shortens the name, keeping the
     * figure; the title of the curve in the SVG keeps the whole name.
     */
    @Test
    void aLongLabelIsShortenedInTheLegendSoItsFigureStaysInThePicture() throws Exception {
        String name = "spamassassin-3.4.6-bayes-only-sa-learn";
        PlotLayout layout = PlotLayout.of(new RocPlot("ROC", List.of(RocCurveTest.noisy(name, 400, 3)), List.of()));
        String text = layout.legend().get(0).text();
        assertThat(text).startsWith(name.substring(0, 20)).endsWith(String.format(java.util.Locale.ROOT, "(1-ROCA%% %.4f)",
                layout.legend().isEmpty() ? 0 : RocCurveTest.noisy(name, 400, 3).oneMinusRocaPercent()));
        var g = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB).createGraphics();
        int width = g.getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12)).stringWidth(text);
        assertThat(PlotLayout.RIGHT + 50 + width).as("the legend's right end").isLessThanOrEqualTo(PlotLayout.WIDTH);
        assertThat(SvgPlot.file(layout)).contains("<title>" + name + "</title>");
    }

    @Test
    void svgIsWellFormedXmlWithOnePolylinePerCurve() throws Exception {
        Document svg = parse(SvgPlot.file(PlotLayout.of(PLOT)));
        assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        NodeList lines = svg.getElementsByTagNameNS("*", "polyline");
        assertThat(lines.getLength()).isEqualTo(2);
        assertThat(svg.getElementsByTagNameNS("*", "circle").getLength()).as("one per marker").isEqualTo(2);
        assertThat(svg.getDocumentElement().getTextContent()).contains("bayard <ours> & co");
    }

    @Test
    void eachPolylineHasAtMostFourHundredPointsFromACurveOfThousands() throws Exception {
        assertThat(OURS.points().length).isGreaterThan(2000);
        NodeList lines = parse(SvgPlot.file(PlotLayout.of(PLOT))).getElementsByTagNameNS("*", "polyline");
        for (int i = 0; i < lines.getLength(); i++) {
            String[] points = ((Element) lines.item(i)).getAttribute("points").trim().split(" ");
            assertThat(points.length).isBetween(50, PlotLayout.MAX_POINTS);
        }
    }

    @Test
    void plottedPointsStayInsideThePlotAreaAndMoveRightAndDown() {
        for (PlotLayout.Line line : PlotLayout.of(PLOT).lines()) {
            for (int i = 0; i < line.xs().length; i++) {
                assertThat(line.xs()[i]).isBetween((double) PlotLayout.LEFT, (double) PlotLayout.RIGHT);
                assertThat(line.ys()[i]).isBetween((double) PlotLayout.TOP, (double) PlotLayout.BOTTOM);
                if (i > 0) {
                    assertThat(line.xs()[i]).isGreaterThanOrEqualTo(line.xs()[i - 1]);
                    assertThat(line.ys()[i]).as("spam missed falls, so y grows downwards").isGreaterThanOrEqualTo(line.ys()[i - 1]);
                }
            }
        }
    }

    @Test
    void logAxesHaveADecadeTickFromOneHundredthOfAPercentAndZeroBelowThem() {
        assertThat(PlotLayout.of(PLOT).xTicks()).extracting(PlotLayout.Tick::text).containsExactly("0", "0.01%", "0.1%", "1%", "10%", "100%");
    }

    @Test
    void aRateOfZeroIsDrawnAtTheTickLabelledZero() {
        // It was drawn on the axis line, labelled 0.01%: the spam cutoff of a run that lost no
        // ham (hm% 0.00 in the table) read as 0.01% of ham lost on the plot.
        PlotLayout layout = PlotLayout.of(new RocPlot("ROC", List.of(OURS), List.of(
                new RocPlot.Marker(0, "no ham lost", new RocCurve.Point(0, 0.1)),
                new RocPlot.Marker(0, "no spam missed", new RocCurve.Point(0.1, 0)))));
        assertThat(tickAt(layout.xTicks(), layout.marks().get(0).x())).isEqualTo("0");
        assertThat(tickAt(layout.yTicks(), layout.marks().get(1).y())).isEqualTo("0");
        // one message of the curve's 3,000-odd ham is drawn right of the 0.01% tick, apart from zero
        double oneHam = layout.x(1.0 / OURS.hams());
        assertThat(oneHam).isGreaterThan(layout.xTicks().get(1).position());
    }

    @Test
    void cutoffsAtOnePointShareOneLabel() {
        // Equal cutoffs (no unsure band, which the configuration allows and eval can recommend),
        // or cutoffs with no message between them, put both marks on one point: their labels were
        // drawn over each other, "ham-cutoff 0.5" and "spam-cutoff 0.5" unreadable as either.
        RocCurve.Point point = OURS.at(0.5);
        PlotLayout layout = PlotLayout.of(new RocPlot("ROC", List.of(OURS), List.of(
                new RocPlot.Marker(0, "ham-cutoff 0.5", point), new RocPlot.Marker(0, "spam-cutoff 0.5", point))));
        assertThat(layout.marks()).extracting(PlotLayout.Mark::text).containsExactly("ham-cutoff 0.5, spam-cutoff 0.5");
        assertThat(SvgPlot.file(layout)).contains(">ham-cutoff 0.5, spam-cutoff 0.5<").doesNotContain(">spam-cutoff 0.5<");
        // marks apart keep their own labels
        assertThat(PlotLayout.of(PLOT).marks()).extracting(PlotLayout.Mark::text).containsExactly("spam-cutoff 0.90", "ham-cutoff 0.20");
    }

    private static String tickAt(List<PlotLayout.Tick> ticks, double position) {
        return ticks.stream().filter(t -> Math.abs(t.position() - position) < 0.01).map(PlotLayout.Tick::text).findFirst()
                .orElse("no tick at " + position);
    }

    @Test
    void htmlIsSelfContained() {
        String html = HtmlReport.render("Bayard eval", List.of("corpus x"), SvgPlot.inline(PlotLayout.of(PLOT)),
                List.of(new HtmlReport.Table("Curves", List.of("filter", "1-ROCA%"), List.of(List.of("<b>", "0.1")))));
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script").doesNotContain("<link")
                .doesNotContain("<img").contains("<svg ").contains("<polyline").contains("&lt;b&gt;");
    }

    @Test
    void pngIsAnImageOfThePlotsSize() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngPlot.write(PlotLayout.of(PLOT), out);
        var image = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(image.getWidth()).isEqualTo(PlotLayout.WIDTH);
        assertThat(image.getHeight()).isEqualTo(PlotLayout.HEIGHT);
    }
}
