package org.camstream.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PictureTest {

    @Test
    void geometryFollowsTheDeclaredLayout() {
        Picture p = new Picture(3, 2);
        assertThat(p.width).isEqualTo(48);
        assertThat(p.height).isEqualTo(32);
        assertThat(p.strideY).isEqualTo(48 + 2 * Picture.PAD_Y);
        assertThat(p.strideC).isEqualTo(24 + 2 * Picture.PAD_C);
        assertThat(p.y.length).isEqualTo(p.strideY * (32 + 2 * Picture.PAD_Y));
        assertThat(p.u.length).isEqualTo(p.strideC * (16 + 2 * Picture.PAD_C));
        // the farthest padded corner sample must be addressable
        int last = p.originY + (p.height - 1 + Picture.PAD_Y) * p.strideY + p.width - 1 + Picture.PAD_Y;
        assertThat(last).isEqualTo(p.y.length - 1);
        int first = p.originY - Picture.PAD_Y * p.strideY - Picture.PAD_Y;
        assertThat(first).isZero();
        assertThat(p.originC - Picture.PAD_C * p.strideC - Picture.PAD_C).isZero();
    }

    /** extendBorders must make every padded read equal the clamped read of H.264 §8.4.2.2.1 eq. 8-228/8-229. */
    @Property(tries = 50)
    void paddingEqualsClampedCoordinates(@ForAll @IntRange(min = 1, max = 4) int mbw,
                                         @ForAll @IntRange(min = 1, max = 4) int mbh,
                                         @ForAll long seed) {
        Picture p = new Picture(mbw, mbh);
        Random rnd = new Random(seed);
        rnd.nextBytes(p.y);
        rnd.nextBytes(p.u);
        rnd.nextBytes(p.v);
        byte[] visY = p.y.clone();
        byte[] visU = p.u.clone();
        byte[] visV = p.v.clone();
        p.extendBorders();
        checkPlane(p.y, visY, p.originY, p.strideY, p.width, p.height, Picture.PAD_Y);
        checkPlane(p.u, visU, p.originC, p.strideC, p.width / 2, p.height / 2, Picture.PAD_C);
        checkPlane(p.v, visV, p.originC, p.strideC, p.width / 2, p.height / 2, Picture.PAD_C);
    }

    private static void checkPlane(byte[] plane, byte[] before, int origin, int stride, int w, int h, int pad) {
        for (int py = -pad; py < h + pad; py++) {
            for (int px = -pad; px < w + pad; px++) {
                int cx = Math.min(Math.max(px, 0), w - 1);
                int cy = Math.min(Math.max(py, 0), h - 1);
                assertThat(plane[origin + py * stride + px])
                        .as("(%d,%d)", px, py)
                        .isEqualTo(before[origin + cy * stride + cx]);
            }
        }
    }

    @Test
    void copyFromCopiesAllPlanesAndRejectsOtherSizes() {
        Picture a = new Picture(2, 2);
        new Random(7).nextBytes(a.y);
        new Random(8).nextBytes(a.u);
        new Random(9).nextBytes(a.v);
        Picture b = new Picture(2, 2);
        b.copyFrom(a);
        assertThat(b.y).isEqualTo(a.y);
        assertThat(b.u).isEqualTo(a.u);
        assertThat(b.v).isEqualTo(a.v);
        assertThatThrownBy(() -> new Picture(3, 2).copyFrom(a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void macroblockInfoResetClearsEverything() {
        MacroblockInfo info = new MacroblockInfo(2, 3);
        assertThat(info.qp).hasSize(6);
        assertThat(info.totalCoeffLuma).hasSize(96);
        assertThat(info.totalCoeffCb).hasSize(24);
        assertThat(info.mvX).hasSize(96);
        info.qp[5] = 30;
        info.intra[1] = true;
        info.totalCoeffLuma[95] = 3;
        info.totalCoeffCb[2] = 1;
        info.totalCoeffCr[23] = 4;
        info.mvX[10] = -7;
        info.mvY[11] = 9;
        info.reset();
        assertThat(info.qp).containsOnly(0);
        assertThat(info.intra).containsOnly(false);
        assertThat(info.totalCoeffLuma).containsOnly((byte) 0);
        assertThat(info.totalCoeffCb).containsOnly((byte) 0);
        assertThat(info.totalCoeffCr).containsOnly((byte) 0);
        assertThat(info.mvX).containsOnly((short) 0);
        assertThat(info.mvY).containsOnly((short) 0);
    }
}
