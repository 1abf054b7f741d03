package org.camstream.conformance.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/**
 * The clients that join and leave during the soak, each one bounded in time (at most ~9 s) and
 * leaving nothing behind: real ffmpeg processes killed at a random moment, and raw sockets that
 * misbehave the ways issue #4 lists. Stateless; {@link #run} blocks its calling thread.
 */
enum SoakMisbehaver {
    /** ffmpeg over UDP, SIGKILLed after 1-6 s (no TEARDOWN; its ports then unreachable). */
    FFMPEG_UDP,
    /** ffmpeg over TCP interleaved, SIGKILLed after 1-6 s. */
    FFMPEG_TCP,
    /** Connects and sends random bytes (400 and close expected), then closes. */
    GARBAGE,
    /** Sends half a request and stalls (slowloris) for 1-6 s. */
    HALF_REQUEST,
    /** SETUP+PLAY over TCP with a tiny receive window, then never reads for up to 8 s. */
    NEVER_READS,
    /** SETUP+PLAY over TCP, reads a little, then resets the connection (SO_LINGER 0). */
    RESET,
    /** SETUP+PLAY over TCP, then half-closes (shutdownOutput) and reads until the server closes. */
    HALF_CLOSE;

    void run(String url, int port, Random random, Path dir, int serial) throws Exception {
        switch (this) {
            case FFMPEG_UDP, FFMPEG_TCP -> {
                try (SoakFfmpeg f = SoakFfmpeg.start(name().toLowerCase() + "-" + serial, url, this == FFMPEG_TCP, false, dir)) {
                    Thread.sleep(1000 + random.nextInt(5000));
                }
            }
            case GARBAGE -> {
                try (Socket s = connect(port, 0)) {
                    byte[] g = new byte[1 + random.nextInt(4000)];
                    random.nextBytes(g);
                    try {
                        s.getOutputStream().write(g);
                        drain(s.getInputStream(), 2000);
                    } catch (IOException e) {
                        // reset by the server after its 400: fine
                    }
                }
            }
            case HALF_REQUEST -> {
                try (Socket s = connect(port, 0)) {
                    s.getOutputStream().write(("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\nAcc")
                            .getBytes(StandardCharsets.US_ASCII));
                    drain(s.getInputStream(), 1000 + random.nextInt(5000));
                }
            }
            case NEVER_READS -> {
                try (Socket s = connect(port, 4096)) {
                    play(s, url);
                    Thread.sleep(random.nextInt(8000));
                }
            }
            case RESET -> {
                try (Socket s = connect(port, 0)) {
                    play(s, url);
                    drain(s.getInputStream(), 200 + random.nextInt(2000));
                    s.setSoLinger(true, 0);
                }
            }
            case HALF_CLOSE -> {
                try (Socket s = connect(port, 0)) {
                    play(s, url);
                    s.shutdownOutput();
                    drain(s.getInputStream(), 5000);
                }
            }
        }
    }

    private static Socket connect(int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        s.setSoTimeout(5000);
        return s;
    }

    /** RFC 2326 §10.4 SETUP (TCP interleaved, §10.12) then §10.5 PLAY; the answers must be 200. */
    private static void play(Socket s, String url) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(("SETUP " + url + "trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String setup = readHead(in);
        if (!setup.startsWith("RTSP/1.0 200")) throw new IOException("SETUP: " + setup);
        String session = setup.replaceAll("(?s).*\r\nSession: ([^;\r]+).*", "$1");
        out.write(("PLAY " + url + " RTSP/1.0\r\nCSeq: 2\r\nSession: " + session + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String play = readHead(in);
        if (!play.startsWith("RTSP/1.0 200")) throw new IOException("PLAY: " + play);
    }

    /** Reads a response head up to the empty line (these responses carry no body). */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            int n = b.size();
            byte[] a = b.toByteArray();
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') break;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** Reads and discards for up to {@code millis} or until EOF / reset. */
    private static void drain(InputStream in, int millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        byte[] buf = new byte[65536];
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(buf) < 0) return;
                } catch (SocketTimeoutException e) {
                    return;
                }
            }
        } catch (IOException e) {
            // reset: the server closed us
        }
    }
}
