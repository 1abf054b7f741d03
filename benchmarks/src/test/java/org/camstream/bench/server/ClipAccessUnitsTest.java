package org.camstream.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** Access-unit grouping (H.264 §7.4.1.2.3) and the length-prefixed file the GStreamer peer reads. */
class ClipAccessUnitsTest {
    private static final byte[] SPS = {0x67, 0x42, 0x00, 0x1f};
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
    private static final byte[] IDR = {0x65, (byte) 0x88, 0x11, 0x22}; // first_mb_in_slice = 0: top bit set
    private static final byte[] IDR2 = {0x65, 0x40, 0x11, 0x22}; // second slice of the same picture
    private static final byte[] P = {0x41, (byte) 0x9a, 0x33};

    private static byte[] stream(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.write(0);
            out.write(0);
            out.write(1);
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    @Test
    void groupsParameterSetsAndSlicesOfOnePicture() {
        ClipAccessUnits c = ClipAccessUnits.split(stream(SPS, PPS, IDR, IDR2, P, P, SPS, PPS, IDR));
        assertThat(c.size()).isEqualTo(4);
        assertThat(c.get(0)).hasSize(4 * (4 + 4));
        assertThat(c.get(1)).hasSize(4 + 3);
        assertThat(c.get(2)).hasSize(4 + 3);
        assertThat(c.get(3)).hasSize(3 * (4 + 4));
        assertThat(c.get(0)[4]).isEqualTo(SPS[0]);
        assertThat(c.get(3)[4 + 4 + 4 + 4 + 4]).isEqualTo(IDR[0]);
    }

    @Test
    void lengthPrefixedRoundTrip() throws Exception {
        ClipAccessUnits c = ClipAccessUnits.split(stream(SPS, PPS, IDR, P, P));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writeLengthPrefixed(out);
        ClipAccessUnits back = ClipAccessUnits.readLengthPrefixed(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back.size()).isEqualTo(c.size());
        for (int i = 0; i < c.size(); i++) assertThat(back.get(i)).isEqualTo(c.get(i));
        assertThat(out.size()).isEqualTo(4 * c.size() + c.get(0).length + c.get(1).length + c.get(2).length);
    }
}
