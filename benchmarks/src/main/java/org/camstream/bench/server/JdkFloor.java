package org.camstream.bench.server;

import java.io.Closeable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.camstream.rtp.H264Packetizer;
import org.camstream.rtp.RtpPacketList;

/**
 * The least CPU any JDK-only server can spend on fan-out: a bare loop that sends the clip's RTP
 * packets, prepared once in direct memory, to N loopback receivers, paced at 30 fps like the
 * servers. UDP: one {@code DatagramChannel.send} per packet and client (the JDK has no
 * {@code sendmmsg} or UDP GSO). TCP: one {@code SocketChannel.write} per frame and client of the
 * frame's whole RFC 2326 §10.12 interleaved byte stream. "UDP-connected": one connected
 * {@code DatagramChannel} per receiver and {@code write} instead of {@code send} (issue 14 item 5: does
 * the kernel's skipped per-packet route lookup pay? {@link #main} compares the two). No RTSP, no stamping, no copies, no JIT or
 * GC threads counted: only the CPU time of the sending thread
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}, user + kernel, which on loopback includes the
 * receive path run in the sender's softirq).
 *
 * <p>It answers whether "CPU per delivered Mbit at most half of gst-rtsp-server's" is reachable at
 * all: if this floor alone exceeds half of gst's figure, no JDK-only server meets it.
 *
 * <p>Thread: {@link #run} sends on the calling thread; receivers run on a {@link ReceiverHub}.
 */
final class JdkFloor {
    /** One row: the floor's CPU per delivered Mbit and what was delivered. */
    record Result(String transport, int clients, double seconds, long datagrams, long framesDelivered, long framesExpected,
                  double deliveredMbps, double cpuMsPerMbit, double userShare) {
        String line() {
            return String.format(Locale.ROOT, "JDK %s floor %d clients: %.1f Mb/s delivered, %.3f ms CPU per Mbit (user %.0f %%), %d writes, frames %d/%d",
                    transport, clients, deliveredMbps, cpuMsPerMbit, userShare * 100, datagrams, framesDelivered, framesExpected);
        }
    }

    private JdkFloor() { }

    static Result run(String transport, ClipAccessUnits clip, int clients, double seconds) throws Exception {
        boolean tcp = transport.equals("TCP");
        boolean connected = transport.equals("UDP-connected"); // one connected channel per receiver, write()
        // Packetize the whole clip once, each frame's packets back to back in one direct buffer.
        H264Packetizer packetizer = new H264Packetizer(96, 1400);
        RtpPacketList list = new RtpPacketList(64 * 1024);
        ByteBuffer[] frames = new ByteBuffer[clip.size()];
        int[][] bounds = new int[clip.size()][];
        int seq = 0;
        for (int f = 0; f < clip.size(); f++) {
            byte[] au = clip.get(f);
            list.clear();
            packetizer.packetize(au, 0, au.length, (int) (f * 3000L), list);
            ByteBuffer b = ByteBuffer.allocateDirect(list.totalBytes() + 4 * list.size());
            bounds[f] = new int[list.size() + 1];
            for (int i = 0; i < list.size(); i++) {
                bounds[f][i] = b.position();
                byte[] pkt = Arrays.copyOfRange(list.buffer(), list.offset(i), list.offset(i) + list.length(i));
                pkt[2] = (byte) (seq >>> 8); // RFC 3550 §5.1: consecutive sequence numbers across the loop
                pkt[3] = (byte) seq;
                seq = (seq + 1) & 0xFFFF;
                if (tcp) b.put((byte) '$').put((byte) 0).putShort((short) pkt.length); // RFC 2326 §10.12, channel 0
                b.put(pkt);
            }
            bounds[f][list.size()] = b.position();
            frames[f] = b;
        }
        try (ReceiverHub hub = new ReceiverHub("floor-receivers");
             DatagramChannel out = DatagramChannel.open();
             ServerSocketChannel listener = ServerSocketChannel.open()) {
            out.bind(new InetSocketAddress("127.0.0.1", 0));
            out.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress[] to = new InetSocketAddress[clients];
            SocketChannel[] conns = new SocketChannel[clients];
            DatagramChannel[] perClient = new DatagramChannel[clients];
            List<FrameLog> logs = new ArrayList<>();
            List<Closeable> open = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                FrameLog log = new FrameLog();
                logs.add(log);
                if (tcp) {
                    SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                    conns[c] = listener.accept();
                    conns[c].setOption(StandardSocketOptions.TCP_NODELAY, true); // as the server's
                    hub.addTcp(client, new byte[0], log);
                    open.add(client);
                    open.add(conns[c]);
                } else {
                    DatagramChannel[] pair = hub.openUdpPair();
                    hub.addUdp(pair, log);
                    open.add(pair[0]);
                    open.add(pair[1]);
                    to[c] = (InetSocketAddress) pair[0].getLocalAddress();
                    if (connected) {
                        perClient[c] = DatagramChannel.open();
                        perClient[c].bind(new InetSocketAddress("127.0.0.1", 0));
                        perClient[c].setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
                        perClient[c].connect(to[c]);
                        open.add(perClient[c]);
                    }
                }
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long period = TimeUnit.SECONDS.toNanos(1) / ClipAccessUnits.FPS;
            int warmFrames = 3 * ClipAccessUnits.FPS;
            int measuredFrames = (int) Math.round(seconds * ClipAccessUnits.FPS);
            long next = System.nanoTime();
            long cpu0 = 0, user0 = 0, writes = 0, bytes = 0;
            for (int n = 0; n < warmFrames + measuredFrames; n++) {
                if (n == warmFrames) {
                    cpu0 = mx.getCurrentThreadCpuTime();
                    user0 = mx.getCurrentThreadUserTime();
                }
                int f = n % frames.length;
                ByteBuffer b = frames[f];
                int[] at = bounds[f];
                for (int c = 0; c < clients; c++) {
                    if (tcp) { // blocking write of the whole frame: the loopback receiver keeps up
                        b.limit(at[at.length - 1]).position(0);
                        while (b.hasRemaining()) {
                            int sent = conns[c].write(b);
                            if (n >= warmFrames) writes++;
                            if (n >= warmFrames) bytes += sent;
                        }
                        continue;
                    }
                    for (int i = 0; i + 1 < at.length; i++) {
                        b.limit(at[i + 1]).position(at[i]);
                        int sent = connected ? perClient[c].write(b) : out.send(b, to[c]);
                        if (n >= warmFrames && sent > 0) {
                            writes++;
                            bytes += sent;
                        }
                    }
                }
                next += period;
                LockSupport.parkNanos(next - System.nanoTime());
            }
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double user = (mx.getCurrentThreadUserTime() - user0) / 1e9;
            Thread.sleep(300); // packets in flight
            long delivered = 0;
            for (FrameLog log : logs) {
                for (int i = 0; i < log.frames(); i++) if (log.complete(i)) delivered++;
            }
            for (Closeable c : open) c.close();
            // Delivered bits as the harness counts them: RTP packets, headers included, no TCP prefixes.
            if (tcp) bytes -= 4L * countPackets(bounds, warmFrames, measuredFrames) * clients;
            double mbit = bytes * 8 / 1e6;
            return new Result(transport, clients, seconds, writes, delivered, (long) (warmFrames + measuredFrames) * clients,
                    mbit / seconds, cpu * 1e3 / mbit, cpu == 0 ? 0 : user / cpu);
        }
    }

    /**
     * Unconnected {@code send(buf, addr)} on one channel vs one connected channel per receiver and
     * {@code write(buf)}, back to back, alternating; prints each run and the medians.
     * Args (all optional): clients (100), seconds (8), alternations (3), clip path
     * ({@code benchmarks/target/server-bench/clip720p.h264}, made with ffmpeg when missing).
     * Run with {@code benchmarks/scripts/run-server-benchmark.sh floor [clients seconds alternations]}.
     */
    public static void main(String[] args) throws Exception {
        ClipAccessUnits clip = ClipAccessUnits.loadOrMake(java.nio.file.Path.of(
                args.length > 3 ? args[3] : "benchmarks/target/server-bench/clip720p.h264"));
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 8;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        double[] a = new double[rounds], b = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Result ra = run("UDP", clip, clients, seconds);
            System.out.println(ra.line());
            Result rb = run("UDP-connected", clip, clients, seconds);
            System.out.println(rb.line());
            a[r] = ra.cpuMsPerMbit();
            b[r] = rb.cpuMsPerMbit();
        }
        Arrays.sort(a);
        Arrays.sort(b);
        System.out.printf(Locale.ROOT, "median ms CPU per Mbit: unconnected send %.3f, connected write %.3f, ratio connected/unconnected %.3f%n",
                a[rounds / 2], b[rounds / 2], b[rounds / 2] / a[rounds / 2]);
    }

    private static long countPackets(int[][] bounds, int warmFrames, int measuredFrames) {
        long n = 0;
        for (int k = warmFrames; k < warmFrames + measuredFrames; k++) n += bounds[k % bounds.length].length - 1;
        return n;
    }
}
