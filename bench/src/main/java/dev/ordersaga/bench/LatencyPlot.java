package dev.ordersaga.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/** Latency versus rate, log-log, drawn with Java2D: one panel for the relay, one for the end-to-end sagas. */
final class LatencyPlot {

    record Point(double rate, double latencyMs) {
    }

    /** A line through its points; {@code dashed} draws it dashed, {@code markersOnly} draws only its points (squares). */
    record Series(String name, Color color, boolean dashed, boolean markersOnly, List<Point> points) {
        Series(String name, Color color, boolean dashed, List<Point> points) {
            this(name, color, dashed, false, points);
        }
    }

    record Panel(String title, String xLabel, String yLabel, List<Series> series) {
    }

    private static final int PANEL_W = 640;
    private static final int H = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private LatencyPlot() {
    }

    static void write(Path file, List<Panel> panels) throws IOException {
        BufferedImage image = new BufferedImage(PANEL_W * panels.size(), H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), H);
        for (int i = 0; i < panels.size(); i++) {
            draw(g, panels.get(i), i * PANEL_W);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void draw(Graphics2D g, Panel panel, int x0) {
        List<Point> all = new ArrayList<>();
        panel.series().forEach(s -> s.points().stream().filter(LatencyPlot::plottable).forEach(all::add));
        double xMin = decadeBelow(all.stream().mapToDouble(Point::rate).min().orElse(1));
        double xMax = decadeAbove(all.stream().mapToDouble(Point::rate).max().orElse(10));
        double yMin = decadeBelow(all.stream().mapToDouble(Point::latencyMs).min().orElse(1));
        double yMax = decadeAbove(all.stream().mapToDouble(Point::latencyMs).max().orElse(10));
        int plotW = PANEL_W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        Axis x = new Axis(xMin, xMax, x0 + LEFT, plotW, false);
        Axis y = new Axis(yMin, yMax, TOP + plotH, plotH, true);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(panel.title(), x0 + LEFT, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double d = xMin; d <= xMax * 1.0001; d *= 10) {
            for (int m = 1; m < 10 && d * m <= xMax * 1.0001; m++) {
                int px = x.pixel(d * m);
                g.setColor(m == 1 ? new Color(200, 200, 200) : new Color(235, 235, 235));
                if (px > x0 + LEFT && px < x0 + LEFT + plotW) {
                    g.drawLine(px, TOP, px, TOP + plotH);
                }
                if (m == 1 || m == 2 || m == 5) {
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(label(d * m), px - 10, TOP + plotH + 16);
                }
            }
        }
        for (double d = yMin; d <= yMax * 1.0001; d *= 10) {
            for (int m = 1; m < 10 && d * m <= yMax * 1.0001; m++) {
                int py = y.pixel(d * m);
                g.setColor(m == 1 ? new Color(200, 200, 200) : new Color(235, 235, 235));
                if (py > TOP && py < TOP + plotH) {
                    g.drawLine(x0 + LEFT, py, x0 + LEFT + plotW, py);
                }
                if (m == 1 || m == 2 || m == 5) {
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(label(d * m), x0 + LEFT - 45, py + 4);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x0 + LEFT, TOP, plotW, plotH);
        g.drawString(panel.xLabel(), x0 + LEFT + plotW / 2 - 60, H - 25);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(panel.yLabel(), -(TOP + plotH / 2 + 60), x0 + 16);
        rotated.dispose();

        int legendY = TOP + 16;
        for (Series s : panel.series()) {
            g.setColor(s.color());
            g.setStroke(s.dashed() ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] { 6f, 4f }, 0f) : new BasicStroke(2f));
            List<Point> pts = s.points().stream().filter(LatencyPlot::plottable).toList();
            for (int i = 1; i < pts.size() && !s.markersOnly(); i++) {
                g.drawLine(x.pixel(pts.get(i - 1).rate()), y.pixel(pts.get(i - 1).latencyMs()), x.pixel(pts.get(i).rate()),
                        y.pixel(pts.get(i).latencyMs()));
            }
            for (Point p : pts) {
                if (s.markersOnly()) {
                    g.fillRect(x.pixel(p.rate()) - 5, y.pixel(p.latencyMs()) - 5, 10, 10);
                }
                else {
                    g.fillOval(x.pixel(p.rate()) - 4, y.pixel(p.latencyMs()) - 4, 8, 8);
                }
            }
            g.setStroke(new BasicStroke(2f));
            if (s.markersOnly()) {
                g.fillRect(x0 + LEFT + 17, legendY - 9, 10, 10);
            }
            else {
                g.drawLine(x0 + LEFT + 10, legendY - 4, x0 + LEFT + 34, legendY - 4);
            }
            g.setColor(Color.BLACK);
            g.drawString(s.name(), x0 + LEFT + 40, legendY);
            legendY += 16;
        }
    }

    private static boolean plottable(Point p) {
        return p.rate() > 0 && p.latencyMs() > 0 && Double.isFinite(p.rate()) && Double.isFinite(p.latencyMs());
    }

    private static double decadeBelow(double v) {
        return Math.pow(10, Math.floor(Math.log10(Math.max(v, 1e-3))));
    }

    private static double decadeAbove(double v) {
        return Math.pow(10, Math.ceil(Math.log10(Math.max(v, 1e-3)) + 1e-9));
    }

    private static String label(double v) {
        if (v >= 1000) {
            return (v % 1000 == 0 ? String.valueOf((long) (v / 1000)) : String.valueOf(v / 1000)) + "k";
        }
        return v >= 1 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private record Axis(double min, double max, int origin, int length, boolean inverted) {
        int pixel(double v) {
            double f = (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
            return (int) Math.round(inverted ? origin - f * length : origin + f * length);
        }
    }
}
