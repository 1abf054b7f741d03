package org.camstream.rtsp;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.camstream.rtsp.server.EventLoop;
import org.camstream.rtsp.stream.Stream;
import org.camstream.rtsp.stream.StreamCounters;

/**
 * One stream of an {@link RtspServer}, as declared by a {@link StreamSpec}: where its frames go.
 * {@link #send} behaves like {@link RtspServer#send}: never blocks, copies the access unit, drops it
 * when nobody plays this stream. Thread-safe.
 */
public final class RtspStream {
    private final Stream stream;
    private final StreamSpec spec;
    private final EventLoop loop;
    private final String url;
    private final BooleanSupplier stopped;

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

    private void checkRunning() {
        if (stopped.getAsBoolean()) throw new IllegalStateException("RTSP server stopped");
    }

    private boolean queued(boolean queued) {
        if (queued) loop.frameQueued(stream);
        return queued;
    }

    /** This stream's counters; {@code connections} is the server's, {@code playingClients} this stream's. */
    public RtspServerStats stats() {
        StreamCounters c = stream.counters();
        return new RtspServerStats(c.framesAccepted.get(), c.framesSent.get(), c.framesDropped.get(),
                c.framesOversize.get(), loop.counters().connections(), stream.playingViewers(), c.senderWakeups.get());
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
