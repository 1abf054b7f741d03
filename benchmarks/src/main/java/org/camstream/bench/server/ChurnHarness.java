package org.camstream.bench.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;

/**
 * Issue 10 High 1: churns N connections (default 100,000) against an in-process server over
 * loopback, each OPTIONS, and every other one also SETUP over TCP, then closed (RST, so the client
 * side leaves no TIME_WAIT), and prints RSS and direct memory before, every 10,000, and after.
 * A manual harness, not a test: {@code java -cp ... org.camstream.bench.server.ChurnHarness [n]}.
 */
public final class ChurnHarness {
    private ChurnHarness() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (RtspServer server = new RtspServer(640, 480, RtspServerOptions.builder().port(0).build())) {
            String url = server.url();
            churn(server.port(), url, 1000); // warm-up: classes loaded, JIT, pool chunks if any
            System.gc();
            print("before", 0);
            for (int done = 0; done < n; ) {
                int step = Math.min(10_000, n - done);
                churn(server.port(), url, step);
                done += step;
                print("after", done);
            }
            System.gc();
            print("after GC", n);
        }
    }

    private static void churn(int port, String url, int count) throws IOException {
        byte[] buf = new byte[4096];
        for (int i = 0; i < count; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoLinger(true, 0);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(("OPTIONS " + url + " RTSP/1.0\r\nCSeq: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                readResponse(in, buf);
                if (i % 2 == 0) {
                    out.write(("SETUP " + url + "trackID=0 RTSP/1.0\r\nCSeq: 2\r\n"
                            + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    readResponse(in, buf);
                }
            }
        }
    }

    /** Reads until the blank line ending the headers (these answers carry no body). */
    private static void readResponse(InputStream in, byte[] buf) throws IOException {
        int len = 0;
        while (true) {
            int r = in.read(buf, len, buf.length - len);
            if (r < 0) throw new IOException("closed by the server");
            len += r;
            String text = new String(buf, 0, len, StandardCharsets.US_ASCII);
            if (text.contains("\r\n\r\n")) {
                if (!text.startsWith("RTSP/1.0 200")) throw new IOException("unexpected answer: " + text);
                return;
            }
        }
    }

    private static void print(String when, int connections) throws IOException {
        long direct = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) direct = b.getMemoryUsed();
        }
        String rss = "?";
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) rss = line.substring(6).trim();
        }
        System.out.printf("%-9s %,7d connections: RSS %s, direct %,d B%n", when, connections, rss, direct);
    }
}
