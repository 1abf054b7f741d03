package org.camstream.examples;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * A camera-like source: RGB565 frames, big-endian (high byte first, as OV2640/ESP32 cameras deliver
 * them), with moving colour bars, a bouncing box and a running clock plus frame counter, so motion
 * and timing are visible to a viewer. Not thread-safe; reuses one frame buffer (the caller copies
 * or encodes before the next {@link #capture()}).
 */
public final class TestPatternCamera {
    private static final int[] BAR_COLOURS = {
        0xFFFFFF, 0xFFFF00, 0x00FFFF, 0x00FF00, 0xFF00FF, 0xFF0000, 0x0000FF, 0x202020,
    };
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final int width;
    private final int height;
    private final byte[] frame;
    private final short[] barRow;
    private long frameNumber;
    private int boxX;
    private int boxY;
    private int boxDx = 3;
    private int boxDy = 2;

    public TestPatternCamera(int width, int height) {
        if (width < 16 || height < 16) throw new IllegalArgumentException("pattern needs at least 16x16, got " + width + "x" + height);
        this.width = width;
        this.height = height;
        this.frame = new byte[width * height * 2];
        this.barRow = new short[width * 2];
        for (int x = 0; x < barRow.length; x++) {
            barRow[x] = rgb565(BAR_COLOURS[(x % width) * BAR_COLOURS.length / width]);
        }
    }

    public int width() { return width; }

    public int height() { return height; }

    public long frameNumber() { return frameNumber; }

    /** Draws the next frame and returns the internal buffer (width*height*2 bytes, RGB565 big-endian). */
    public byte[] capture() {
        int shift = (int) ((frameNumber * 2) % width);
        int gradientRows = height / 4;
        for (int y = 0; y < height; y++) {
            int row = y * width * 2;
            if (y < height - gradientRows) {
                for (int x = 0; x < width; x++) put(row + 2 * x, barRow[x + shift]);
            } else {
                // A moving luminance ramp: smooth content, exercises the encoder's intra and motion paths.
                int level = y - (height - gradientRows);
                for (int x = 0; x < width; x++) {
                    int v = ((x + (int) frameNumber * 4) & 0xFF);
                    int g = (v * level / Math.max(1, gradientRows)) & 0xFF;
                    put(row + 2 * x, rgb565((v << 16) | (g << 8) | (255 - v)));
                }
            }
        }
        drawBox();
        String text = LocalTime.now().format(CLOCK) + " #" + frameNumber;
        int scale = Math.max(1, width / 160);
        TinyFont.draw(frame, width, height, 4 * scale, 4 * scale, scale, text, rgb565(0x000000), rgb565(0xFFFFFF));
        frameNumber++;
        return frame;
    }

    private void drawBox() {
        int size = Math.max(8, Math.min(width, height) / 6);
        boxX += boxDx;
        boxY += boxDy;
        if (boxX < 0 || boxX + size >= width) { boxDx = -boxDx; boxX += 2 * boxDx; }
        if (boxY < 0 || boxY + size >= height) { boxDy = -boxDy; boxY += 2 * boxDy; }
        boxX = Math.max(0, Math.min(width - size, boxX));
        boxY = Math.max(0, Math.min(height - size, boxY));
        short colour = rgb565(0xFF8000);
        for (int y = boxY; y < boxY + size; y++) {
            for (int x = boxX; x < boxX + size; x++) put((y * width + x) * 2, colour);
        }
    }

    private void put(int at, short pixel) {
        frame[at] = (byte) (pixel >>> 8);
        frame[at + 1] = (byte) pixel;
    }

    static short rgb565(int rgb) {
        int r = (rgb >>> 16) & 0xFF;
        int g = (rgb >>> 8) & 0xFF;
        int b = rgb & 0xFF;
        return (short) (((r >>> 3) << 11) | ((g >>> 2) << 5) | (b >>> 3));
    }
}
