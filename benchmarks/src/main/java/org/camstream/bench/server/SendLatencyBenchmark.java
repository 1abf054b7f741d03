package org.camstream.bench.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.camstream.rtsp.RtspServer;
import org.camstream.rtsp.RtspServerOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of {@link RtspServer#send(ByteBuffer)} while the event loop is delivering the 720p clip to
 * playing clients (in-process {@link ReceiverHub} receivers over UDP or TCP). Sends are paced (a pause
 * outside the measured time before each one, so the loop delivers every frame in between, as with a
 * camera) and JMH's sample mode gives the p50/p99/p99.9 of the call itself. {@link #copyOnly} is the
 * floor measured beside it: the frame copy send() cannot avoid.
 *
 * <p>Run: {@code benchmarks/scripts/run-server-benchmark.sh jmh SendLatencyBenchmark}. Thread: JMH's
 * benchmark thread calls send(); the server's loop and the receivers run on their own threads.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class SendLatencyBenchmark {
    @Param({"UDP", "TCP"})
    public String transport;

    @Param({"4"})
    public int clients;

    /**
     * Pause before each send: 5 ms (200 frames/s: still one frame at a time, many samples) and 33.3 ms
     * (the camera's 30 fps: the threads sleep between frames as in production, with colder caches and an
     * idle CPU to wake, which on a VM costs much more than the work itself).
     */
    @Param({"5000000", "33333333"})
    public long pauseNanos;

    private RtspServer server;
    private ReceiverHub hub;
    private final List<RtspHandshake> connections = new ArrayList<>();
    private ByteBuffer[] units;
    private int next;

    @Setup(Level.Trial)
    public void start() throws Exception {
        ClipAccessUnits clip = ClipAccessUnits.loadOrMake(Path.of(System.getProperty("camstream.clip",
                "benchmarks/target/server-bench/clip720p.h264")));
        units = new ByteBuffer[clip.size()];
        for (int i = 0; i < units.length; i++) units[i] = ByteBuffer.wrap(clip.get(i));
        server = new RtspServer(ClipAccessUnits.WIDTH, ClipAccessUnits.HEIGHT, RtspServerOptions.builder()
                .port(0).maxClients(clients + 1).maxSessionsPerAddress(clients + 1).bindAddress(InetAddress.getLoopbackAddress()).build());
        server.send(units[0]); // the first access unit carries SPS/PPS: the SDP needs them
        next = 1;
        Thread.sleep(100);
        hub = new ReceiverHub("jmh-receivers");
        for (int i = 0; i < clients; i++) {
            connections.add(hub.play(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
                    server.url(), transport.equals("UDP"), new FrameLog()));
        }
    }

    @Setup(Level.Invocation)
    public void pause() {
        LockSupport.parkNanos(pauseNanos);
    }

    @Benchmark
    public boolean send() {
        ByteBuffer u = units[next];
        next = next + 1 == units.length ? 0 : next + 1;
        return server.send(u);
    }

    private final byte[] copySink = new byte[1 << 20];

    /**
     * The floor of {@link #send()}: the one copy of the frame that send() must make (the caller keeps
     * its buffer), alone, with the same pacing, on the same thread. A send() cannot be cheaper.
     */
    @Benchmark
    public byte copyOnly() {
        ByteBuffer u = units[next];
        next = next + 1 == units.length ? 0 : next + 1;
        u.get(u.position(), copySink, 0, u.remaining());
        return copySink[0];
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.stop();
        hub.close();
        for (RtspHandshake h : connections) h.channel.close();
    }
}
