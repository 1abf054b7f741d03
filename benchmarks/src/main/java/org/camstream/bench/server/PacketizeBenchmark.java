package org.camstream.bench.server;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.camstream.rtp.AnnexBReader;
import org.camstream.rtp.H264Packetizer;
import org.camstream.rtp.RtpPacketList;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Annex-B split and RTP packetization (RFC 6184) throughput of the benchmark clip's access units, next
 * to a plain {@link System#arraycopy} of the same bytes (the physical limit: packetizing must copy the
 * payload once into the packet arena). JMH reports each benchmark's {@code bytes} counter as bytes
 * per second; one operation is one access unit, cycling through the clip.
 *
 * <p>Run: {@code benchmarks/scripts/run-server-benchmark.sh jmh PacketizeBenchmark}. Thread: JMH's
 * benchmark thread owns the state.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class PacketizeBenchmark {
    private byte[][] units;
    private byte[] copyTarget;
    private final AnnexBReader reader = new AnnexBReader();
    private final H264Packetizer packetizer = new H264Packetizer(96, H264Packetizer.DEFAULT_MAX_PAYLOAD_SIZE);
    private final RtpPacketList packets = new RtpPacketList(256 * 1024);
    private int next;

    /** Bytes of access units processed; JMH reports it per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void load() throws Exception {
        ClipAccessUnits clip = ClipAccessUnits.loadOrMake(Path.of(System.getProperty("camstream.clip",
                "benchmarks/target/server-bench/clip720p.h264")));
        units = new byte[clip.size()][];
        int max = 0;
        for (int i = 0; i < units.length; i++) {
            units[i] = clip.get(i);
            max = Math.max(max, units[i].length);
        }
        copyTarget = new byte[max];
    }

    private byte[] nextUnit() {
        byte[] u = units[next];
        next = next + 1 == units.length ? 0 : next + 1;
        return u;
    }

    @Benchmark
    public int arraycopy(Bytes counter) {
        byte[] u = nextUnit();
        System.arraycopy(u, 0, copyTarget, 0, u.length);
        counter.bytes += u.length;
        return copyTarget[u.length - 1];
    }

    @Benchmark
    public int annexBSplit(Bytes counter) {
        byte[] u = nextUnit();
        reader.reset(u, 0, u.length);
        int nals = 0;
        while (reader.next()) nals += reader.nalType();
        counter.bytes += u.length;
        return nals;
    }

    @Benchmark
    public int splitAndPacketize(Bytes counter) {
        byte[] u = nextUnit();
        packets.clear();
        packetizer.packetize(u, 0, u.length, 0, packets);
        counter.bytes += u.length;
        return packets.size();
    }
}
