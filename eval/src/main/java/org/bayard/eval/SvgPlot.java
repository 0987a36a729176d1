package org.bayard.eval;

import java.util.Locale;

/** Writes a {@link PlotLayout} as SVG by hand: a few dozen elements need no library. */
public final class SvgPlot {
    private static final String FONT = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\"";

    private SvgPlot() {}

    /** A standalone SVG file, with the XML declaration and namespace. */
    public static String file(PlotLayout layout) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + render(layout, "xmlns=\"http://www.w3.org/2000/svg\" ");
    }

    /** An {@code <svg>} element for inlining in HTML, where the parser supplies the namespace itself. */
    public static String inline(PlotLayout layout) {
        return render(layout, "");
    }

    private static String render(PlotLayout l, String namespace) {
        StringBuilder s = new StringBuilder(32_000);
        int w = PlotLayout.WIDTH, h = PlotLayout.HEIGHT;
        s.append(f("<svg %swidth=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n", namespace, w, h, w, h));
        s.append(f("<title>%s</title>\n", escape(l.title())));
        s.append(f("<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", w, h));
        s.append(f("<text x=\"%d\" y=\"28\" %s font-size=\"16\" font-weight=\"bold\">%s</text>\n", PlotLayout.LEFT, FONT, escape(l.title())));
        s.append("<g stroke=\"#dddddd\" stroke-width=\"1\">\n");
        for (PlotLayout.Tick t : l.xTicks()) {
            s.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n", t.position(), PlotLayout.TOP, t.position(), PlotLayout.BOTTOM));
        }
        for (PlotLayout.Tick t : l.yTicks()) {
            s.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", PlotLayout.LEFT, t.position(), PlotLayout.RIGHT, t.position()));
        }
        s.append("</g>\n");
        s.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#000000\"/>\n", PlotLayout.LEFT,
                PlotLayout.TOP, PlotLayout.RIGHT - PlotLayout.LEFT, PlotLayout.BOTTOM - PlotLayout.TOP));
        s.append(f("<g %s font-size=\"12\" fill=\"#000000\">\n", FONT));
        for (PlotLayout.Tick t : l.xTicks()) {
            s.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", t.position(), PlotLayout.BOTTOM + 18, escape(t.text())));
        }
        for (PlotLayout.Tick t : l.yTicks()) {
            s.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", PlotLayout.LEFT - 6, t.position() + 4, escape(t.text())));
        }
        int midX = (PlotLayout.LEFT + PlotLayout.RIGHT) / 2, midY = (PlotLayout.TOP + PlotLayout.BOTTOM) / 2;
        s.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", midX, PlotLayout.BOTTOM + 42, escape(l.xLabel())));
        s.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 %d %d)\">%s</text>\n", 22, midY, 22, midY,
                escape(l.yLabel())));
        s.append("</g>\n");
        for (PlotLayout.Line line : l.lines()) {
            s.append(f("<polyline fill=\"none\" stroke=\"%s\"%s stroke-width=\"2\" stroke-linejoin=\"round\" points=\"", line.color(),
                    dash(line.dash())));
            for (int i = 0; i < line.xs().length; i++) {
                if (i > 0) s.append(' ');
                s.append(f("%.1f,%.1f", line.xs()[i], line.ys()[i]));
            }
            s.append(f("\"><title>%s</title></polyline>\n", escape(line.label())));
        }
        for (PlotLayout.Mark m : l.marks()) {
            s.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"2\"/>\n", m.x(), m.y(), m.color()));
            s.append(f("<text x=\"%.1f\" y=\"%.1f\" %s font-size=\"11\">%s</text>\n", m.x() + 8, m.y() - 6, FONT, escape(m.text())));
        }
        int y = PlotLayout.TOP + 10;
        for (PlotLayout.LegendEntry e : l.legend()) {
            int x = PlotLayout.RIGHT + 20;
            s.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"%s stroke-width=\"3\"/>\n", x, y, x + 24, y, e.color(),
                    dash(e.dash())));
            s.append(f("<text x=\"%d\" y=\"%d\" %s font-size=\"12\">%s</text>\n", x + 30, y + 4, FONT, escape(e.text())));
            y += 20;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** The stroke-dasharray attribute of a dashed line, nothing for a solid one. */
    private static String dash(String dash) {
        return dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"";
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\t' ? ' ' : c); // XML 1.0 forbids most controls
            }
        }
        return b.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
