package org.camstream.rtsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.camstream.rtp.testing.H264Depacketizer;
import org.camstream.rtp.RtpFormatException;

/**
 * Media side of the fault-injection tests: a numbered synthetic stream and clients that receive it.
 *
 * <p>{@link Feeder} sends access units whose slice NAL carries the frame number (8 nibbles as bytes
 * {@code 0x80|nibble}: never a zero byte, so never a false start code, H.264 §B.1), an IDR with
 * SPS/PPS every {@code gop} frames. {@link Receiver} depacketizes (RFC 6184) what a client gets and
 * records the frame numbers, so a test can check "frames are dropped only up to the next IDR".
 *
 * <p>Each object is owned by the test that made it; {@code close()} stops its thread.
 */
final class FuzzFaultMedia {
    private FuzzFaultMedia() {}

    /** The numbered frame {@code n}; IDR when {@code idr}. */
    static byte[] frame(long n, boolean idr, int sliceBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sliceBytes + 64);
        if (idr) {
            startCode(out);
            out.writeBytes(TestStreams.SPS);
            startCode(out);
            out.writeBytes(TestStreams.PPS);
        }
        startCode(out);
        byte[] slice = new byte[Math.max(9, sliceBytes)];
        slice[0] = (byte) (idr ? 0x65 : 0x41);
        for (int i = 0; i < 8; i++) slice[1 + i] = (byte) (0x80 | ((n >>> (28 - 4 * i)) & 0xF));
        for (int i = 9; i < slice.length; i++) slice[i] = (byte) (0x80 | (i * 7));
        out.writeBytes(slice);
        return out.toByteArray();
    }

    private static void startCode(ByteArrayOutputStream out) {
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(1);
    }

    /** Frame number carried by a slice NAL (without start code), or -1. */
    static long frameNumber(byte[] nal) {
        int type = nal[0] & 0x1F;
        if ((type != 1 && type != 5) || nal.length < 9) return -1;
        long n = 0;
        for (int i = 0; i < 8; i++) n = (n << 4) | (nal[1 + i] & 0xF);
        return n;
    }

    /** Sends numbered frames to a server at a fixed rate from its own thread. */
    static final class Feeder implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long sent;
        private volatile RuntimeException failure;

        Feeder(RtspServer server, int fps, int gop, int sliceBytes) {
            thread = new Thread(() -> {
                long period = 1_000_000_000L / fps;
                long next = System.nanoTime();
                for (long n = 0; running; n++) {
                    try {
                        server.send(frame(n, n % gop == 0, sliceBytes));
                    } catch (RuntimeException e) { // IllegalStateException after stop()
                        failure = e;
                        return;
                    }
                    sent = n + 1;
                    next += period;
                    long wait = next - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                    else next = System.nanoTime();
                }
            }, "fault-feeder");
            thread.setDaemon(true);
            thread.start();
        }

        long sent() {
            return sent;
        }

        RuntimeException failure() {
            return failure;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }

    /** Frame numbers as received, with whether each was an IDR. Thread-safe. */
    static final class Receiver {
        private final H264Depacketizer depacketizer = new H264Depacketizer();
        private final List<long[]> frames = new ArrayList<>();

        /** Called from the receiving thread with one RTP packet. */
        void rtp(byte[] pkt, int len) {
            try {
                depacketizer.push(pkt, 0, len);
            } catch (RtpFormatException e) {
                synchronized (frames) {
                    frames.add(new long[] {-2, 0}); // malformed packet from the server: recorded as an error
                }
                return;
            }
            List<byte[]> au;
            while ((au = depacketizer.poll()) != null) {
                long n = -1;
                boolean idr = false;
                for (byte[] nal : au) {
                    long f = frameNumber(nal);
                    if (f >= 0) {
                        n = f;
                        idr = (nal[0] & 0x1F) == 5;
                    }
                }
                synchronized (frames) {
                    frames.add(new long[] {n, idr ? 1 : 0});
                }
            }
        }

        int count() {
            synchronized (frames) {
                return frames.size();
            }
        }

        /** Frames missing between the first and the last received (numbering gaps), and the span. */
        long[] missedAndSpan() {
            synchronized (frames) {
                if (frames.isEmpty()) return new long[] {0, 0};
                long span = frames.get(frames.size() - 1)[0] - frames.get(0)[0] + 1;
                return new long[] {span - frames.size(), span};
            }
        }

        /** Number of the last frame received, or -1. */
        long lastFrameNumber() {
            synchronized (frames) {
                return frames.isEmpty() ? -1 : frames.get(frames.size() - 1)[0];
            }
        }

        /**
         * RFC 2326 §10.12 + the server's contract: the first frame is an IDR, every frame is whole, and
         * after any gap in the numbering the next frame is an IDR (frames dropped to the next IDR).
         * Returns the number of gaps.
         */
        int assertGapsOnlyBeforeIdr(String who) {
            List<long[]> copy;
            synchronized (frames) {
                copy = new ArrayList<>(frames);
            }
            int gaps = 0;
            for (int i = 0; i < copy.size(); i++) {
                long[] f = copy.get(i);
                if (f[0] < 0) throw new AssertionError(who + ": frame " + i + " was malformed or had no slice");
                if (i == 0 && f[1] != 1) throw new AssertionError(who + ": first frame " + f[0] + " is not an IDR");
                if (i > 0 && f[0] != copy.get(i - 1)[0] + 1) {
                    gaps++;
                    if (f[1] != 1) {
                        throw new AssertionError(who + ": after frame " + copy.get(i - 1)[0] + " came frame " + f[0]
                                + ", which is not an IDR (a P frame without its reference)");
                    }
                }
            }
            return gaps;
        }
    }

    /** An RTSP client playing over TCP interleaved (RFC 2326 §10.12) that reads on its own thread. */
    static final class TcpClient implements AutoCloseable {
        final Socket socket;
        final Receiver receiver = new Receiver();
        final String sessionId;
        private final Thread thread;
        private final Thread keepalive;
        private volatile boolean paused;
        private volatile boolean ended;
        private volatile boolean closing;

        /** Connects, SETUPs and PLAYs; {@code receiveBuffer} > 0 shrinks SO_RCVBUF before connecting. */
        TcpClient(int port, int receiveBuffer, boolean startReading) throws IOException {
            socket = new Socket();
            if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(5000);
            String base = "rtsp://127.0.0.1:" + port + "/";
            OutputStream out = socket.getOutputStream();
            FuzzSupport.WireReader in = new FuzzSupport.WireReader(socket.getInputStream());
            out.write(("SETUP " + base + "trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            FuzzSupport.Response setup = in.nextResponse();
            if (setup.status() != 200) throw new IOException("SETUP answered " + setup.status());
            sessionId = setup.header("Session").split(";")[0];
            out.write(("PLAY " + base + " RTSP/1.0\r\nCSeq: 2\r\nSession: " + sessionId + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            FuzzSupport.Response play = in.nextResponse();
            if (play.status() != 200) throw new IOException("PLAY answered " + play.status());
            paused = !startReading;
            thread = new Thread(this::readLoop, "fault-tcp-client");
            thread.setDaemon(true);
            thread.start();
            // RFC 3550 §6.4.2 receiver reports on the RTCP channel keep the session alive (RFC 2326
            // §12.37), whether or not this client reads: as ffmpeg does, from its own thread.
            keepalive = new Thread(() -> {
                byte[] rr = receiverReport();
                byte[] framed = new byte[4 + rr.length];
                framed[0] = '$';
                framed[1] = 1;
                framed[3] = (byte) rr.length;
                System.arraycopy(rr, 0, framed, 4, rr.length);
                try {
                    while (!closing) {
                        out.write(framed);
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException e) {
                    // closed
                }
            }, "fault-tcp-keepalive");
            keepalive.setDaemon(true);
            keepalive.start();
        }

        private void readLoop() {
            try {
                InputStream in = socket.getInputStream();
                byte[] pkt = new byte[65536];
                socket.setSoTimeout(0);
                while (true) {
                    while (paused) LockSupport.parkNanos(1_000_000);
                    int first = in.read();
                    if (first < 0) break;
                    if (first != '$') throw new IOException("expected '$', got " + first);
                    int channel = in.read();
                    int len = (in.read() << 8) | in.read();
                    int got = in.readNBytes(pkt, 0, len);
                    if (got < len) break;
                    if (channel == 0) receiver.rtp(pkt, len);
                }
            } catch (IOException e) {
                // closed or reset: the end of this client
            } finally {
                ended = true;
            }
        }

        void pause(boolean p) {
            paused = p;
            if (!p) LockSupport.unpark(thread);
        }

        /** True once the read loop saw EOF or a reset (the server closed us). */
        boolean ended() {
            return ended;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            closing = true;
            socket.close();
            paused = false;
            thread.join(5000);
            keepalive.interrupt();
            keepalive.join(5000);
        }
    }

    /** RFC 3550 §6.4.2: an empty receiver report (V=2, RC=0, PT=201, length 1), 8 bytes. */
    static byte[] receiverReport() {
        return new byte[] {(byte) 0x80, (byte) 201, 0, 1, 0x12, 0x34, 0x56, 0x78};
    }

    /** An RTSP client playing over UDP (RFC 2326 §12.39 client_port) with its own RTP/RTCP sockets. */
    static final class UdpClient implements AutoCloseable {
        final Socket control;
        final DatagramSocket rtp;
        final DatagramSocket rtcp;
        final Receiver receiver = new Receiver();
        final int serverRtcpPort;
        private final Thread thread;

        UdpClient(int port) throws IOException {
            rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            rtcp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            control = FuzzSupport.connect(port, 5000);
            String base = "rtsp://127.0.0.1:" + port + "/";
            OutputStream out = control.getOutputStream();
            FuzzSupport.WireReader in = new FuzzSupport.WireReader(control.getInputStream());
            out.write(("SETUP " + base + "trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP;unicast;client_port="
                    + rtp.getLocalPort() + "-" + rtcp.getLocalPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            FuzzSupport.Response setup = in.nextResponse();
            if (setup.status() != 200) throw new IOException("SETUP answered " + setup.status());
            String session = setup.header("Session").split(";")[0];
            String sp = setup.header("Transport").replaceAll(".*server_port=([0-9]+)-([0-9]+).*", "$2");
            serverRtcpPort = Integer.parseInt(sp);
            out.write(("PLAY " + base + " RTSP/1.0\r\nCSeq: 2\r\nSession: " + session + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (in.nextResponse().status() != 200) throw new IOException("PLAY failed");
            thread = new Thread(() -> {
                byte[] buf = new byte[65536];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                long lastReport = 0;
                try {
                    while (true) {
                        rtp.receive(p);
                        receiver.rtp(buf, p.getLength());
                        if (System.nanoTime() - lastReport > 300_000_000L) {
                            sendRtcp(receiverReport()); // RFC 3550 §6.4.2; keeps the session (RFC 2326 §12.37)
                            lastReport = System.nanoTime();
                        }
                    }
                } catch (IOException e) {
                    // socket closed
                }
            }, "fault-udp-client");
            thread.setDaemon(true);
            thread.start();
        }

        /** Sends a datagram from this client's RTCP port to the server's RTCP port. */
        void sendRtcp(byte[] data) throws IOException {
            rtcp.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), serverRtcpPort));
        }

        @Override
        public void close() throws IOException, InterruptedException {
            control.close();
            rtp.close();
            rtcp.close();
            thread.join(5000);
        }
    }
}
