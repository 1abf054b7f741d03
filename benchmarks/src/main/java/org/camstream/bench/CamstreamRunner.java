package org.camstream.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import org.camstream.h264.EncoderConfig;
import org.camstream.h264.H264Encoder;
import org.camstream.h264.Preset;

/**
 * Encodes a clip with camstream's {@link H264Encoder} on the calling thread, through the
 * zero-allocation {@code encodeI420(y, u, v, out, off)} variant into one reused buffer.
 *
 * <p>Settings shared by all encoders in this benchmark: 30 fps, one IDR every 30 frames,
 * average-bitrate rate control at the given target, adaptive speed off (so the output depends on the
 * input only). Stateless.
 */
final class CamstreamRunner {
    static final String NAME = "camstream";

    private CamstreamRunner() {
    }

    /** The encoder's defaults (preset, threads) with the benchmark's fps, GOP and bitrate. */
    static EncodeRun encode(RawVideo clip, int bitrate, OutputStream sink) throws IOException {
        return encode(clip, bitrate, EncoderConfig.builder().build().preset(), 1, sink);
    }

    /**
     * @param threads encoding threads ({@link EncoderConfig.Builder#threads(int)}); with 1 the encoder runs on
     *                this thread and the CPU time is this thread's ({@code ThreadMXBean}); with more it is
     *                the whole process's CPU time over the loop (the workers, plus JIT/GC if they ran)
     * @param sink    receives the Annex-B stream, or null to discard it; its writes are inside the timed loop
     *                (a copy of the access unit: microseconds against milliseconds of encoding)
     */
    static EncodeRun encode(RawVideo clip, int bitrate, Preset preset, int threads, OutputStream sink)
            throws IOException {
        EncoderConfig cfg = EncoderConfig.builder().fps(clip.fps).gop(EncoderBenchmark.GOP).bitrate(bitrate)
                .preset(preset).threads(threads).adaptiveSpeed(false).build();
        java.util.Set<Long> before = sliceWorkers();
        try (H264Encoder enc = new H264Encoder(clip.width, clip.height, cfg)) {
            long[] ids = threadIds(threads, before);
            long[] start = threadCpu(ids);
            byte[] out = new byte[enc.maxAccessUnitSize()];
            long bytes = 0;
            long c0 = cpuNanos(threads);
            long t0 = System.nanoTime();
            for (int f = 0; f < clip.frames(); f++) {
                int n = enc.encodeI420(clip.y[f], clip.u[f], clip.v[f], out, 0);
                bytes += n;
                if (sink != null) {
                    sink.write(out, 0, n);
                }
            }
            long t = System.nanoTime() - t0;
            double cpu = ThreadCpu.seconds(c0, cpuNanos(threads));
            long[] end = threadCpu(ids);
            double busiest = threads == 1 || ids.length < threads ? Double.NaN : 0;
            for (int i = 0; i < ids.length; i++) {
                busiest = Math.max(busiest, ThreadCpu.seconds(start[i], end[i]));
            }
            return new EncodeRun(bytes, clip.frames(), t, cpu, busiest);
        }
    }

    /** Name prefix of the encoder's slice workers (h264-baseline FrameEncoder / SliceThreads). */
    static final String WORKER_PREFIX = "camstream-h264-slice-";

    private static java.util.Set<Long> sliceWorkers() {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(WORKER_PREFIX)) {
                ids.add(t.getId());
            }
        }
        return ids;
    }

    /** The calling thread and the slice workers this encoder started (those not alive before it). */
    private static long[] threadIds(int threads, java.util.Set<Long> before) {
        if (threads == 1) {
            return new long[0];
        }
        java.util.Set<Long> now = sliceWorkers();
        now.removeAll(before);
        long[] ids = new long[now.size() + 1];
        ids[0] = Thread.currentThread().getId();
        int i = 1;
        for (long id : now) {
            ids[i++] = id;
        }
        return ids;
    }

    private static long[] threadCpu(long[] ids) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            cpu[i] = mx.getThreadCpuTime(ids[i]);
        }
        return cpu;
    }

    private static long cpuNanos(int threads) {
        return threads == 1 ? ThreadCpu.nanos() : processCpuNanos();
    }

    /** @return CPU time of the whole JVM process in ns, or -1 if unavailable */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long t = sun.getProcessCpuTime();
            return t < 0 ? -1 : t;
        }
        return -1;
    }
}
