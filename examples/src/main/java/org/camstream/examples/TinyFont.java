package org.camstream.examples;

/** A 3x5 pixel font for digits and a few signs, drawn into an RGB565 big-endian frame. */
final class TinyFont {
    private static final String CHARS = "0123456789:.# ";
    /** Each glyph: 5 rows of 3 bits, most significant bit on the left. */
    private static final int[][] GLYPHS = {
        {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
        {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7},
        {0, 2, 0, 2, 0}, {0, 0, 0, 0, 2}, {5, 7, 5, 7, 5}, {0, 0, 0, 0, 0},
    };

    private TinyFont() { }

    static void draw(byte[] frame, int width, int height, int x0, int y0, int scale, String text,
                     short background, short foreground) {
        int cell = 4 * scale;
        int boxW = Math.min(width - x0, text.length() * cell + scale);
        int boxH = Math.min(height - y0, 7 * scale);
        fill(frame, width, x0, y0, boxW, boxH, background);
        for (int i = 0; i < text.length(); i++) {
            int g = CHARS.indexOf(text.charAt(i));
            if (g < 0) continue;
            for (int row = 0; row < 5; row++) {
                for (int col = 0; col < 3; col++) {
                    if ((GLYPHS[g][row] & (4 >> col)) == 0) continue;
                    int px = x0 + scale + i * cell + col * scale;
                    int py = y0 + scale + row * scale;
                    if (px + scale > width || py + scale > height) continue;
                    fill(frame, width, px, py, scale, scale, foreground);
                }
            }
        }
    }

    private static void fill(byte[] frame, int width, int x0, int y0, int w, int h, short colour) {
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int at = (y * width + x) * 2;
                frame[at] = (byte) (colour >>> 8);
                frame[at + 1] = (byte) colour;
            }
        }
    }
}
