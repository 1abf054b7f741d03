package org.camstream.bench.server;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws the fan-out figures as a PNG with java.awt (headless): server CPU, latency p99 and frame loss
 * against the number of clients, one line per server and transport (gst-rtsp-server dashed). Stateless.
 */
final class FanoutPlot {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728), new Color(0xff7f0e)};

    private FanoutPlot() { }

    static void write(List<FanoutRow> rows, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 1200;
        int h = 480;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        panel(g, rows, 0, 0, w / 3, h, "server process CPU (% of one core)", FanoutRow::cpuPercent);
        panel(g, rows, w / 3, 0, w / 3, h, "latency p99 (ms)", r -> r.latencyP99Micros() / 1e3);
        panel(g, rows, 2 * w / 3, 0, w / 3, h, "frame loss (%)", r -> r.frameLoss() * 100);
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, List<FanoutRow> rows, int x0, int y0, int w, int h, String title,
                              ToDoubleFunction<FanoutRow> value) {
        Map<String, Map<Integer, Double>> series = new LinkedHashMap<>();
        TreeSet<Integer> xs = new TreeSet<>();
        double max = 0;
        for (FanoutRow r : rows) {
            if (r.server().contains("q=")) continue; // the product-default comparison rows stay in the table only
            double v = value.applyAsDouble(r);
            if (Double.isNaN(v)) continue;
            series.computeIfAbsent(r.server() + " " + r.transport(), k -> new LinkedHashMap<>()).put(r.clients(), v);
            xs.add(r.clients());
            max = Math.max(max, v);
        }
        if (max == 0) max = 1;
        int left = x0 + 60;
        int right = x0 + w - 15;
        int top = y0 + 40;
        int bottom = y0 + h - 110;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, y0 + 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - top) * i / 4;
            g.setColor(new Color(0xdddddd));
            g.drawLine(left + 1, y, right, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.3g", max * i / 4), x0 + 5, y + 4);
        }
        Integer[] xv = xs.toArray(new Integer[0]);
        for (int i = 0; i < xv.length; i++) {
            int x = xpos(i, xv.length, left, right);
            g.drawString(Integer.toString(xv[i]), x - 8, bottom + 16);
        }
        g.drawString("clients", (left + right) / 2 - 20, bottom + 32);
        int c = 0;
        for (Map.Entry<String, Map<Integer, Double>> e : series.entrySet()) {
            g.setColor(COLORS[c % COLORS.length]);
            g.setStroke(new BasicStroke(e.getKey().startsWith("gst") ? 2f : 3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
                    10f, e.getKey().startsWith("gst") ? new float[] {6f, 4f} : null, 0f));
            int px = -1;
            int py = -1;
            for (int i = 0; i < xv.length; i++) {
                Double v = e.getValue().get(xv[i]);
                if (v == null) continue;
                int x = xpos(i, xv.length, left, right);
                int y = bottom - (int) Math.round((bottom - top) * v / max);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) g.drawLine(px, py, x, y);
                px = x;
                py = y;
            }
            g.setStroke(new BasicStroke(1f));
            g.drawString(e.getKey(), left + 10, bottom + 52 + 14 * c);
            c++;
        }
        g.setColor(Color.BLACK);
    }

    private static int xpos(int i, int n, int left, int right) {
        return n == 1 ? (left + right) / 2 : left + 20 + (right - left - 40) * i / (n - 1);
    }
}
