package org.camstream.rtsp.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camstream.rtsp.RtspPublisher;
import org.camstream.rtsp.RtspPublisherOptions;
import org.camstream.rtsp.RtspPublisherStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A relay that stops reading (a congested uplink, over loopback): the publisher's send() keeps
 * returning at once, whole frames are dropped while its uplink buffer is full, the keyframe callback
 * asks for an IDR, and when the relay reads again the stream resumes with an IDR access unit (RFC 6184:
 * a STAP-A or single NAL starting with the SPS) right after the gap. A hand-written relay on a real
 * socket: the test sees the bytes on the wire.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowUplinkTest {
    static final int FRAME_BYTES = 150_000; // 30 fps x 150 kB = 36 Mb/s: fills kernel buffers in well under a second
    static final int GOP = 10;

    @Test
    void framesAreDroppedWholeWhileTheRelayStallsAndTheStreamResumesAtAnIdr() throws Exception {
        AtomicInteger keyframeRequests = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(16 * 1024); // small window: the stall shows quickly
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Relay relay = new Relay(listener);
            relay.start();
            RtspPublisher pub = new RtspPublisher("rtsp://127.0.0.1:" + listener.getLocalPort() + "/live", 640, 480,
                    RtspPublisherOptions.builder().uplinkBufferBytes(256 * 1024).queuedFrames(2)
                            .keyframeRequest(keyframeRequests::incrementAndGet).build());
            long worstSend = 0;
            long dropsDuringStall = 0;
            try {
                for (int n = 0; n < 240; n++) {
                    if (n == 60) relay.stall(true);
                    if (n == 150) {
                        dropsDuringStall = pub.stats().framesDropped();
                        relay.stall(false);
                    }
                    byte[] au = n % GOP == 0 ? idr(n) : p(n);
                    long t0 = System.nanoTime();
                    pub.send(au);
                    worstSend = Math.max(worstSend, System.nanoTime() - t0);
                    Thread.sleep(33);
                }
                RtspPublisherStats stats = pub.stats();
                assertThat(stats.state()).as("%s", stats).isEqualTo(RtspPublisherStats.State.PUBLISHING);
                assertThat(dropsDuringStall).as("frames dropped while the relay did not read: %s", stats).isGreaterThan(20);
                assertThat(keyframeRequests.get()).as("keyframe requests: session start and after the drop").isGreaterThanOrEqualTo(2);
                // A send() that blocked on the stalled socket would take the whole 3 s stall; 100 ms leaves room for
            // the test thread being descheduled on a loaded machine.
            assertThat(worstSend).as("longest send() in ns").isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
            } finally {
                pub.stop();
                relay.join(5000);
            }
            List<int[]> frames = relay.framesSeen(); // {frame number, slice NAL type, SPS sent before it (1/0)}
            assertThat(frames.size()).as("access units the relay received").isGreaterThan(60);
            assertThat(frames.get(0)).as("the session starts with SPS and an IDR").containsExactly(frames.get(0)[0], 5, 1);
            int gaps = 0;
            for (int i = 1; i < frames.size(); i++) {
                if (frames.get(i)[0] != frames.get(i - 1)[0] + 1) { // frames were dropped before this one
                    gaps++;
                    assertThat(new int[] {frames.get(i)[1], frames.get(i)[2]})
                            .as("slice type and SPS of frame %d, the first after frame %d", frames.get(i)[0],
                                    frames.get(i - 1)[0])
                            .containsExactly(5, 1);
                }
            }
            assertThat(gaps).as("gaps in the received stream").isGreaterThanOrEqualTo(1);
        }
    }

    static byte[] idr(int n) {
        return MediaSenderTest.nalsOf(MediaSenderTest.SPS, MediaSenderTest.PPS, slice(0x65, n));
    }

    static byte[] p(int n) {
        return MediaSenderTest.nalsOf(slice(0x41, n));
    }

    static byte[] slice(int header, int n) {
        byte[] s = MediaSenderTest.slice(header, FRAME_BYTES);
        // the frame number in two bytes with the top bit set: never 0, so no emulated start code (H.264 §7.4.1)
        s[1] = (byte) (0x80 | n >> 7 & 0x7f);
        s[2] = (byte) (0x80 | n & 0x7f);
        return s;
    }

    /** A minimal RECORD server: answers the setup requests, then reads interleaved RTP (or pauses reading). */
    static final class Relay extends Thread {
        private final ServerSocket listener;
        private volatile boolean stalled;
        private final List<int[]> frames = new ArrayList<>();

        Relay(ServerSocket listener) {
            super("fake-relay");
            setDaemon(true);
            this.listener = listener;
        }

        void stall(boolean on) {
            stalled = on;
        }

        synchronized List<int[]> framesSeen() {
            return new ArrayList<>(frames);
        }

        @Override
        public void run() {
            try (Socket s = listener.accept()) {
                s.setReceiveBufferSize(16 * 1024);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                boolean spsPending = false;
                while (true) {
                    while (stalled) Thread.sleep(5);
                    int b = in.read();
                    if (b < 0) return;
                    if (b == '$') { // RFC 2326 §10.12
                        int channel = in.readUnsignedByte();
                        byte[] packet = new byte[in.readUnsignedShort()];
                        in.readFully(packet);
                        if (channel != 0) continue;
                        int type = packet[12] & 0x1f;
                        if (type == 24 && (packet[15] & 0x1f) == 7) { // STAP-A starting with the SPS (RFC 6184 §5.7.1)
                            spsPending = true;
                        } else if (type == 28 && (packet[13] & 0x80) != 0) { // FU-A start (§5.8): the slice
                            int n = (packet[14] & 0x7f) << 7 | packet[15] & 0x7f;
                            synchronized (this) {
                                frames.add(new int[] {n, packet[13] & 0x1f, spsPending ? 1 : 0});
                            }
                            spsPending = false;
                        }
                        continue;
                    }
                    String head = (char) b + readHead(in);
                    String method = head.substring(0, head.indexOf(' '));
                    String cseq = header(head, "CSeq");
                    String length = header(head, "Content-Length");
                    if (length != null) in.readFully(new byte[Integer.parseInt(length)]);
                    String extra = "";
                    if (method.equals("OPTIONS")) extra = "Public: OPTIONS, ANNOUNCE, SETUP, RECORD, TEARDOWN\r\n";
                    if (method.equals("SETUP")) extra = "Session: feed;timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n";
                    out.write(("RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\n" + extra + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (method.equals("TEARDOWN")) return;
                }
            } catch (IOException | InterruptedException e) {
                // the publisher closed: done
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int c = in.read();
                if (c < 0) throw new IOException("eof");
                b.write(c);
                state = c == '\r' && (state == 0 || state == 2) || c == '\n' && (state == 1 || state == 3) ? state + 1 : 0;
            }
            return b.toString(StandardCharsets.US_ASCII);
        }

        private static String header(String head, String name) {
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) return line.substring(name.length() + 1).trim();
            }
            return null;
        }
    }
}
