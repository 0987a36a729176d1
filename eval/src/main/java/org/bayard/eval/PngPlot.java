package org.bayard.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/** Draws a {@link PlotLayout} into a PNG with Java2D; no display is needed (headless). */
public final class PngPlot {
    private PngPlot() {}

    public static void write(PlotLayout l, OutputStream out) throws IOException {
        // Drawing into an image never needs a display; without this, a DISPLAY set in the
        // environment of a server makes AWT try to reach an X server and fail.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(PlotLayout.WIDTH, PlotLayout.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(l, g);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this JDK");
    }

    private static void draw(PlotLayout l, Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, PlotLayout.WIDTH, PlotLayout.HEIGHT);
        Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(plain.deriveFont(Font.BOLD, 16f));
        g.setColor(Color.BLACK);
        g.drawString(l.title(), PlotLayout.LEFT, 28);

        g.setStroke(new BasicStroke(1f));
        g.setColor(new Color(0xdddddd));
        for (PlotLayout.Tick t : l.xTicks()) g.draw(new Line2D.Double(t.position(), PlotLayout.TOP, t.position(), PlotLayout.BOTTOM));
        for (PlotLayout.Tick t : l.yTicks()) g.draw(new Line2D.Double(PlotLayout.LEFT, t.position(), PlotLayout.RIGHT, t.position()));
        g.setColor(Color.BLACK);
        g.drawRect(PlotLayout.LEFT, PlotLayout.TOP, PlotLayout.RIGHT - PlotLayout.LEFT, PlotLayout.BOTTOM - PlotLayout.TOP);

        g.setFont(plain);
        FontMetrics fm = g.getFontMetrics();
        for (PlotLayout.Tick t : l.xTicks()) {
            g.drawString(t.text(), (float) (t.position() - fm.stringWidth(t.text()) / 2.0), PlotLayout.BOTTOM + 18);
        }
        for (PlotLayout.Tick t : l.yTicks()) {
            g.drawString(t.text(), PlotLayout.LEFT - 6 - fm.stringWidth(t.text()), (float) t.position() + 4);
        }
        int midX = (PlotLayout.LEFT + PlotLayout.RIGHT) / 2, midY = (PlotLayout.TOP + PlotLayout.BOTTOM) / 2;
        g.drawString(l.xLabel(), midX - fm.stringWidth(l.xLabel()) / 2, PlotLayout.BOTTOM + 42);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2, 22, midY);
        g.drawString(l.yLabel(), 22 - fm.stringWidth(l.yLabel()) / 2, midY);
        g.setTransform(saved);

        for (PlotLayout.Line line : l.lines()) {
            g.setStroke(stroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND), line.dash()));
            Path2D.Double path = new Path2D.Double();
            path.moveTo(line.xs()[0], line.ys()[0]);
            for (int i = 1; i < line.xs().length; i++) path.lineTo(line.xs()[i], line.ys()[i]);
            g.setColor(Color.decode(line.color()));
            g.draw(path);
        }
        g.setFont(plain.deriveFont(11f));
        for (PlotLayout.Mark m : l.marks()) {
            Ellipse2D.Double dot = new Ellipse2D.Double(m.x() - 5, m.y() - 5, 10, 10);
            g.setColor(Color.WHITE);
            g.fill(dot);
            g.setColor(Color.decode(m.color()));
            g.draw(dot);
            g.setColor(Color.BLACK);
            g.drawString(m.text(), (float) m.x() + 8, (float) m.y() - 6);
        }
        g.setFont(plain);
        int y = PlotLayout.TOP + 10;
        for (PlotLayout.LegendEntry e : l.legend()) {
            int x = PlotLayout.RIGHT + 20;
            g.setColor(Color.decode(e.color()));
            g.setStroke(stroke(new BasicStroke(3f), e.dash()));
            g.drawLine(x, y, x + 24, y);
            g.setColor(Color.BLACK);
            g.drawString(e.text(), x + 30, y + 4);
            y += 20;
        }
    }

    /** {@code solid}, dashed as the SVG's stroke-dasharray {@code dash} says ("" is solid). */
    private static BasicStroke stroke(BasicStroke solid, String dash) {
        if (dash.isEmpty()) return solid;
        String[] parts = dash.split(" ");
        float[] pattern = new float[parts.length];
        for (int i = 0; i < parts.length; i++) pattern[i] = Float.parseFloat(parts[i]);
        return new BasicStroke(solid.getLineWidth(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, pattern, 0f);
    }
}
