package org.camstream.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stderr scan flags ffmpeg's loss/damage reports and nothing from a clean session. */
class ClientsTest {

    @Test
    void flagsLossAndConcealmentLines() {
        String stderr = String.join("\n",
                "Input #0, rtsp, from 'rtsp://127.0.0.1:8554/':",
                "[rtsp @ 0x55d5c8a0] RTP: missed 3 packets",
                "[h264 @ 0x55d5c8b0] concealing 1200 DC, 1200 AC, 1200 MV errors in P frame",
                "[h264 @ 0x55d5c8b0] non-existing PPS 0 referenced",
                "Error while decoding stream #0:0: Invalid data found when processing input",
                "frame=   60 fps= 55 q=-1.0 Lsize=     201kB time=00:00:02.03");
        assertThat(Clients.mediaErrors(stderr)).hasSize(4);
    }

    @Test
    void cleanSessionHasNoMediaErrors() {
        String stderr = String.join("\n",
                "Input #0, rtsp, from 'rtsp://127.0.0.1:45209/':",
                "  Metadata:",
                "    title           : camstream",
                "  Duration: N/A, start: 0.890556, bitrate: N/A",
                "  Stream #0:0: Video: h264 (Constrained Baseline), yuv420p(progressive), 320x240"
                        + " [SAR 1:1 DAR 4:3], 30 fps, 29.97 tbr, 90k tbn",
                "Stream mapping:",
                "  Stream #0:0 -> #0:0 (h264 (native) -> wrapped_avframe (native))",
                "frame=   60 fps= 55 q=-1.0 Lsize=N/A time=00:00:02.03 bitrate=N/A speed=1.85x");
        assertThat(Clients.mediaErrors(stderr)).isEmpty();
    }
}
