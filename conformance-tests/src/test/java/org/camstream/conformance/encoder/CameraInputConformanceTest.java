package org.camstream.conformance.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.H264Encoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #3 item 1: RGB565 as a camera delivers it (OV2640/ESP32: big-endian, high byte first). ffmpeg
 * produces the RGB565BE frames and, independently, their BT.601 limited-range I420 conversion; the
 * encoder's reconstruction must be close to ffmpeg's conversion and decode bit-exactly, and declaring the
 * wrong byte order must visibly break the picture.
 */
class CameraInputConformanceTest {
    @TempDir
    Path dir;

    @Test
    void rgb565BigEndianMatchesFfmpegsColourConversion() throws Exception {
        int w = 320, h = 240, frames = 10;
        Path rgb = dir.resolve("cam.rgb565be");
        Ffmpeg.runOk(dir, null, "ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
                "-frames:v", Integer.toString(frames), "-pix_fmt", "rgb565be", "-f", "rawvideo", "-y", rgb.toString());
        Path yuv = dir.resolve("cam.yuv");
        Ffmpeg.runOk(dir, null, "ffmpeg", "-nostdin", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb565be", "-s", "320x240",
                "-i", rgb.toString(), "-pix_fmt", "yuv420p", "-f", "rawvideo", "-y", yuv.toString());
        byte[] pixels = Files.readAllBytes(rgb);
        byte[] reference = Files.readAllBytes(yuv);
        int fs = EncodedClip.frameSize(w, h);
        assertThat(pixels).hasSize(frames * w * h * 2);
        assertThat(reference).hasSize(frames * fs);

        byte[] right = new byte[frames * fs];
        byte[] wrong = new byte[frames * fs];
        Path stream = dir.resolve("cam.h264");
        encode(pixels, ByteOrder.BIG_ENDIAN, right, stream);
        encode(pixels, ByteOrder.LITTLE_ENDIAN, wrong, dir.resolve("wrong.h264"));

        Path decoded = dir.resolve("cam-dec.yuv");
        Ffmpeg.runOk(dir, null, "ffmpeg", "-nostdin", "-v", "error", "-err_detect", "explode+bitstream+buffer", "-xerror",
                "-i", stream.toString(), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-y", decoded.toString());
        assertThat(Files.readAllBytes(decoded)).isEqualTo(right);

        double psnrRight = psnr(reference, right), psnrWrong = psnr(reference, wrong);
        System.out.printf("camera input RGB565BE: PSNR vs ffmpeg's conversion %.2f dB (wrong byte order: %.2f dB)%n",
                psnrRight, psnrWrong);
        assertThat(psnrRight).isGreaterThan(32.0);
        assertThat(psnrWrong).isLessThan(20.0);
    }

    private static void encode(byte[] pixels, ByteOrder order, byte[] recon, Path out) throws Exception {
        int w = 320, h = 240;
        int fs = EncodedClip.frameSize(w, h);
        byte[] frame = new byte[w * h * 2];
        byte[] y = new byte[w * h], u = new byte[w * h / 4], v = new byte[w * h / 4];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (H264Encoder enc = new H264Encoder(w, h, EncoderConfig.builder().bitrate(8_000_000).build())) {
            for (int i = 0; i < recon.length / fs; i++) {
                System.arraycopy(pixels, i * frame.length, frame, 0, frame.length);
                bytes.write(enc.encodeRgb565(frame, order));
                enc.reconstruction(y, u, v);
                System.arraycopy(y, 0, recon, i * fs, y.length);
                System.arraycopy(u, 0, recon, i * fs + y.length, u.length);
                System.arraycopy(v, 0, recon, i * fs + y.length + u.length, v.length);
            }
        }
        Files.write(out, bytes.toByteArray());
    }

    private static double psnr(byte[] a, byte[] b) {
        long sse = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            sse += (long) d * d;
        }
        return sse == 0 ? 99.0 : 10 * Math.log10(255.0 * 255.0 * a.length / sse);
    }
}
