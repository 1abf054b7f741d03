package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** BT.601 limited-range conversion (Rec. ITU-R BT.601 studio levels: black 16, white 235, chroma 16..240). */
class ColorConverterTest {
    private static int[] convertArgb(int argb) {
        int[] px = {argb, argb, argb, argb};
        byte[] y = new byte[4], u = new byte[1], v = new byte[1];
        ColorConverter.fromArgb(px, 2, 2, y, u, v, 2, 1);
        return new int[] {y[0] & 0xFF, u[0] & 0xFF, v[0] & 0xFF};
    }

    @Test
    void primariesMatchBt601StudioLevels() {
        assertThat(convertArgb(0xFF000000)).containsExactly(16, 128, 128);
        assertThat(convertArgb(0xFFFFFFFF)).containsExactly(235, 128, 128);
        // BT.601: red = (81, 90, 240), green = (145, 54, 34), blue = (41, 240, 110), within 1 of rounding
        int[] red = convertArgb(0xFFFF0000), green = convertArgb(0xFF00FF00), blue = convertArgb(0xFF0000FF);
        assertClose(red, 81, 90, 240);
        assertClose(green, 145, 54, 34);
        assertClose(blue, 41, 240, 110);
    }

    private static void assertClose(int[] actual, int y, int u, int v) {
        assertThat(actual[0]).isBetween(y - 1, y + 1);
        assertThat(actual[1]).isBetween(u - 1, u + 1);
        assertThat(actual[2]).isBetween(v - 1, v + 1);
    }

    @Property
    void rgb565ByteOrdersAndRgb888AgreeWithArgb(@ForAll @IntRange(min = 0, max = 0xFFFF) int p) {
        int r5 = p >>> 11, g6 = (p >>> 5) & 0x3F, b5 = p & 0x1F;
        int r = (r5 << 3) | (r5 >>> 2), g = (g6 << 2) | (g6 >>> 4), b = (b5 << 3) | (b5 >>> 2);
        int[] ref = convertArgb(0xFF000000 | r << 16 | g << 8 | b);
        byte[] be = new byte[8], le = new byte[8], rgb = new byte[12];
        for (int i = 0; i < 4; i++) {
            be[2 * i] = (byte) (p >>> 8);
            be[2 * i + 1] = (byte) p;
            le[2 * i] = (byte) p;
            le[2 * i + 1] = (byte) (p >>> 8);
            rgb[3 * i] = (byte) r;
            rgb[3 * i + 1] = (byte) g;
            rgb[3 * i + 2] = (byte) b;
        }
        byte[] y = new byte[4], u = new byte[1], v = new byte[1];
        ColorConverter.fromRgb565(be, true, 2, 2, y, u, v, 2, 1);
        assertThat(new int[] {y[3] & 0xFF, u[0] & 0xFF, v[0] & 0xFF}).containsExactly(ref);
        ColorConverter.fromRgb565(le, false, 2, 2, y, u, v, 2, 1);
        assertThat(new int[] {y[3] & 0xFF, u[0] & 0xFF, v[0] & 0xFF}).containsExactly(ref);
        ColorConverter.fromRgb888(rgb, 2, 2, y, u, v, 2, 1);
        assertThat(new int[] {y[3] & 0xFF, u[0] & 0xFF, v[0] & 0xFF}).containsExactly(ref);
        assertThat(ref[0]).isBetween(16, 235);
        assertThat(ref[1]).isBetween(16, 240);
        assertThat(ref[2]).isBetween(16, 240);
    }

    @Test
    void chromaIsTheAverageOfTheTwoByTwoBlockAndPaddingReplicatesEdges() {
        int[] px = {0xFF000000, 0xFFFFFFFF, 0xFFFFFFFF, 0xFF000000};
        byte[] y = new byte[4 * 4], u = new byte[4], v = new byte[4];
        ColorConverter.fromArgb(px, 2, 2, y, u, v, 4, 2);
        assertThat(y[0] & 0xFF).isEqualTo(16);
        assertThat(y[1] & 0xFF).isEqualTo(235);
        assertThat(u[0] & 0xFF).isEqualTo(128);
        ColorConverter.padPlane(y, 4, 2, 2, 4, 4);
        assertThat(y[2]).isEqualTo(y[1]);
        assertThat(y[3]).isEqualTo(y[1]);
        assertThat(y[3 * 4]).isEqualTo(y[4]);
        assertThat(y[3 * 4 + 3]).isEqualTo(y[4 + 1]);
    }
}
