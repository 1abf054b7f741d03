package org.camstream.rtsp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.camstream.rtsp.server.EventLoop;
import org.camstream.rtsp.stream.AccessUnitSplitter;
import org.camstream.rtsp.stream.AvccInput;
import org.camstream.rtsp.stream.Stream;

/**
 * One stream of an {@link RtspServer}, as declared by a {@link StreamSpec}: where its frames go.
 * {@link #send} behaves like {@link RtspServer#send}: never blocks, copies the access unit, drops it
 * when nobody plays this stream. Thread-safe.
 *
 * <p>Any H.264 encoder can feed it (profiles other than Constrained Baseline are served as they are,
 * described by their own SPS): Annex-B access units ({@link #send}), AVCC access units with their
 * avcC record ({@link #configureAvcc}, {@link #sendAvcc}), or a raw Annex-B byte stream such as a
 * pipe from {@code rpicam-vid} or {@code ffmpeg -f h264 -} ({@link #readAnnexB}), split into access
 * units by the server. Bad input is counted in {@link #stats()} and logged; it never stops the server.
 */
public final class RtspStream {
    private final Stream stream;
    private final StreamSpec spec;
    private final EventLoop loop;
    private final String url;
    private final BooleanSupplier stopped;
    private final Object readLock = new Object();
    private volatile AvccInput avcc;

    /** @param serverUrl the server's root URL, {@code rtsp://host:port/} */
    RtspStream(Stream stream, StreamSpec spec, EventLoop loop, String serverUrl, BooleanSupplier stopped) {
        this.stream = stream;
        this.spec = spec;
        this.loop = loop;
        this.url = serverUrl.substring(0, serverUrl.length() - 1) + spec.path();
        this.stopped = stopped;
    }

    /** The stream's path, e.g. {@code /live/main}. */
    public String path() { return spec.path(); }

    /** Its further paths. */
    public List<String> aliases() { return spec.aliases(); }

    public int width() { return spec.width(); }

    public int height() { return spec.height(); }

    /** The URL to open, e.g. {@code rtsp://127.0.0.1:8554/live/main}. */
    public String url() {
        return url;
    }

    /** Queues one Annex-B access unit (start codes included); see {@link RtspServer#send(ByteBuffer)}. */
    public boolean send(byte[] accessUnit) {
        Objects.requireNonNull(accessUnit, "accessUnit");
        checkRunning();
        return queued(stream.send(accessUnit, 0, accessUnit.length));
    }

    /** Queues one Annex-B access unit, the buffer's remaining bytes; its position is not changed. */
    public boolean send(ByteBuffer accessUnit) {
        Objects.requireNonNull(accessUnit, "accessUnit");
        checkRunning();
        return queued(stream.send(accessUnit));
    }

    /**
     * Sets the AVCDecoderConfigurationRecord ({@code avcC}, ISO/IEC 14496-15 §5.3.3.1; MediaCodec's
     * {@code csd-0}/{@code csd-1} joined by the caller into one record, or an MP4's avcC box body) of
     * the AVCC access units that follow, and queues its SPS/PPS so DESCRIBE can describe the stream.
     *
     * @throws IllegalArgumentException when the record is malformed
     */
    public void configureAvcc(byte[] avcDecoderConfigurationRecord) {
        Objects.requireNonNull(avcDecoderConfigurationRecord, "avcDecoderConfigurationRecord");
        checkRunning();
        AvccInput input = new AvccInput(stream.maxFrameLength());
        byte[] parameterSets = input.configure(avcDecoderConfigurationRecord);
        avcc = input;
        queued(stream.send(parameterSets, 0, parameterSets.length));
    }

    /**
     * Queues one AVCC access unit {@code au[off, off+len)} (NAL units with length prefixes of the size
     * the avcC record gives), converted to Annex-B. Never blocks. Returns false when it was not queued:
     * a prefix that does not match the bytes (counted as an input error), over the frame limit
     * (oversize), or nobody plays.
     *
     * @throws IllegalStateException before {@link #configureAvcc} or after the server stopped
     */
    public boolean sendAvcc(byte[] au, int off, int len) {
        Objects.requireNonNull(au, "au");
        if (off < 0 || len < 0 || len > au.length - off) { // Objects.checkFromIndexSize is Android API 30
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", length " + au.length);
        }
        checkRunning();
        AvccInput input = avcc;
        if (input == null) throw new IllegalStateException("configureAvcc(record) first");
        synchronized (input) {
            int n = input.toAnnexB(au, off, len);
            if (n < 0) {
                stream.inputDropped(n == -2 ? "AVCC access unit over the frame limit"
                        : "AVCC length prefix does not match the access unit of " + len + " bytes", n == -2);
                return false;
            }
            return queued(stream.send(input.output(), 0, n));
        }
    }

    /**
     * Reads an H.264 Annex-B byte stream (H.264 §B.1) until its end, splits it into access units
     * (§7.4.1.2.3) and queues each as it completes, on the calling thread; e.g. the standard input fed
     * by {@code rpicam-vid --codec h264 --inline -o -}. Bytes before the first start code, access units
     * over the frame limit, damaged NAL units and the unfinished access unit at the end are dropped,
     * counted and logged; viewers then wait for the next IDR rather than see damaged pictures.
     * One reader per stream at a time.
     *
     * @return access units handed to the stream (queued or, with nobody playing, dropped)
     * @throws IOException from {@code in}; what was read before is kept
     */
    public long readAnnexB(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        checkRunning();
        long[] units = new long[1];
        AccessUnitSplitter splitter = new AccessUnitSplitter(stream.maxFrameLength(), new AccessUnitSplitter.Sink() {
            @Override
            public void accessUnit(byte[] data, int length) {
                units[0]++;
                if (!stopped.getAsBoolean()) queued(stream.send(data, 0, length));
            }

            @Override
            public void dropped(String why, boolean oversize) {
                stream.inputDropped(why, oversize);
            }
        });
        byte[] chunk = new byte[64 * 1024];
        synchronized (readLock) {
            try {
                int n;
                while ((n = in.read(chunk)) >= 0 && !stopped.getAsBoolean()) {
                    splitter.push(chunk, 0, n);
                }
            } finally {
                splitter.end();
            }
        }
        return units[0];
    }

    private void checkRunning() {
        if (stopped.getAsBoolean()) throw new IllegalStateException("RTSP server stopped");
        String failure = loop.failure();
        if (failure != null) throw new IllegalStateException("RTSP event loop failed: " + failure);
    }

    private boolean queued(boolean queued) {
        if (queued) loop.frameQueued(stream);
        return queued;
    }

    /** This stream's counters; {@code connections} is the server's, {@code playingClients} this stream's. */
    public RtspServerStats stats() {
        return RtspServerStats.of(stream.counters(), loop.counters().connections(), stream.playingViewers(),
                loop.failure());
    }

    /** Clients playing this stream right now. */
    public int playingClients() {
        return stream.playingViewers();
    }

    Stream internal() {
        return stream;
    }

    @Override
    public String toString() {
        return "RtspStream[" + spec + "]";
    }
}
