package org.camstream.rtsp.stream;

import java.nio.ByteBuffer;
import org.camstream.rtp.NalUnitType;
import org.camstream.rtsp.runtime.Clock;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.session.Session;
import org.camstream.rtsp.session.SessionRegistry;
import org.camstream.sdp.SessionDescription;

/**
 * One live H.264 stream at one path (today only {@code /}; several per server later): the producer's
 * side ({@link #send}, any thread), and on the event loop its mailbox, cadence, parameter sets, RTP
 * clock, fan-out to its viewers (the sessions that set it up), their sender reports and keyframe
 * requests.
 *
 * <p>Threads: {@code send} and the counters from any thread; everything else on the event loop.
 */
public final class Stream {
    /** Shortest time between two calls of the keyframe callback unless configured (issue 10 High 4). */
    public static final long DEFAULT_KEYFRAME_INTERVAL_NANOS = 1_000_000_000L;

    private final String path;
    private final int width;
    private final int height;
    private final int fps;
    private final int maxFrameLength;
    private final Clock clock;
    private final FrameMailbox mailbox;
    private final FrameCadence cadence = new FrameCadence();
    private final ParameterSetCache parameterSets;
    private final RtpClock rtpClock = new RtpClock();
    private final FrameDistributor distributor;
    private final SenderReports senderReports;
    private final SessionRegistry viewers;
    private final KeyframeRequests keyframes;
    private final ViewerListener viewerListener;
    private final Log log;
    private final StreamCounters counters = new StreamCounters();
    /** Written by the loop; read by {@code send()} to drop frames early when nobody plays. */
    private volatile int playingViewers;
    /** RFC 8866 §5.2: o= version; changes when the parameter sets do. */
    private int sdpVersion;
    private byte[] spsAtLastVersion;

    /**
     * @param width advertised in the SDP ({@code a=framesize}, cross-checked against the SPS)
     * @param queuedFrames frames the mailbox holds before the oldest is replaced
     * @param keyframeRequest called on the loop when a viewer needs an IDR; must not block
     */
    public Stream(String path, int width, int height, int fps, int maxFrameLength, int queuedFrames,
                  int maxPayloadSize, Runnable keyframeRequest, String cname, Clock clock, Log log) {
        this(path, width, height, fps, maxFrameLength, queuedFrames, maxPayloadSize, keyframeRequest, cname, clock,
                log, Integer.MAX_VALUE, ViewerListener.NONE, DEFAULT_KEYFRAME_INTERVAL_NANOS);
    }

    /**
     * @param maxViewers sessions this stream may have at once (the server's limit applies as well)
     * @param viewerListener told on the loop when the first viewer starts playing and when the last stops
     * @param keyframeIntervalNanos shortest time between two calls of {@code keyframeRequest}, 0 for no limit
     *     (see {@link KeyframeRequests})
     */
    public Stream(String path, int width, int height, int fps, int maxFrameLength, int queuedFrames,
                  int maxPayloadSize, Runnable keyframeRequest, String cname, Clock clock, Log log,
                  int maxViewers, ViewerListener viewerListener, long keyframeIntervalNanos) {
        this.path = path;
        this.viewers = new SessionRegistry(maxViewers);
        this.viewerListener = viewerListener;
        this.log = log.forClass(Stream.class);
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.maxFrameLength = maxFrameLength;
        this.clock = clock;
        this.keyframes = new KeyframeRequests(keyframeRequest, keyframeIntervalNanos, counters);
        this.mailbox = new FrameMailbox(maxFrameLength, queuedFrames);
        InputReport report = new InputReport(counters, log.forClass(InputReport.class), path, fps);
        this.parameterSets = new ParameterSetCache(width, height, log.forClass(ParameterSetCache.class), report);
        this.distributor = new FrameDistributor(maxPayloadSize, parameterSets, rtpClock, report);
        this.senderReports = new SenderReports(cname);
    }

    public String path() {
        return path;
    }

    public StreamCounters counters() {
        return counters;
    }

    public int width() { return width; }

    public int height() { return height; }

    public int maxFrameLength() { return maxFrameLength; }

    /** Viewers in a playing state, as of the loop's last change. Any thread. */
    public int playingViewers() {
        return playingViewers;
    }

    /** True when this stream has as many sessions as it may have. Event loop. */
    public boolean full() {
        return viewers.full();
    }

    // ---- producer side (any thread) --------------------------------------------------------------

    /**
     * Queues one Annex-B access unit {@code au[off, off+len)}. Never blocks. Returns false when the
     * frame was refused (oversize, empty, nobody playing and not a parameter-set frame) or no buffer
     * was free; the counters say which.
     */
    public boolean send(byte[] au, int off, int len) {
        if (!admit(len, len == 0 ? -1 : leadingNalType(au, off, len))) return false;
        return queued(mailbox.offer(au, off, len, clock.nanoTime()));
    }

    /** As {@link #send(byte[], int, int)} for {@code au}'s remaining bytes; its position is unchanged. */
    public boolean send(ByteBuffer au) {
        int len = au.remaining();
        if (!admit(len, len == 0 ? -1 : leadingNalType(au))) return false;
        return queued(mailbox.offer(au, clock.nanoTime()));
    }

    /**
     * Frames that start with an SPS are queued even when nobody plays, so the SDP can describe the
     * stream (RFC 6184 §8.1 sprop-parameter-sets).
     */
    private boolean admit(int length, int firstNalType) {
        if (length > maxFrameLength) {
            counters.framesOversize.incrementAndGet();
            return false;
        }
        if (length == 0 || playingViewers == 0 && firstNalType != NalUnitType.SPS) {
            counters.framesDropped.incrementAndGet();
            return false;
        }
        return true;
    }

    private boolean queued(int displaced) {
        if (displaced == FrameMailbox.NO_BUFFER) {
            counters.framesDropped.incrementAndGet();
            return false;
        }
        counters.framesAccepted.incrementAndGet();
        if (displaced > 0) counters.framesDropped.addAndGet(displaced);
        return true;
    }

    /**
     * Type of the first NAL unit after the first start code (H.264 §B.1.1) that is not an access unit
     * delimiter (encoders with {@code --aud} put one before the SPS), or -1; looks at 64 bytes at most.
     */
    private static int leadingNalType(ByteBuffer au) {
        if (au.hasArray()) return leadingNalType(au.array(), au.arrayOffset() + au.position(), au.remaining());
        int p = au.position();
        int end = Math.min(au.limit(), p + 64);
        for (int i = p; i + 3 < end; i++) {
            if (au.get(i) == 0 && au.get(i + 1) == 0 && au.get(i + 2) == 1) {
                int type = NalUnitType.of(au.get(i + 3));
                if (type != NalUnitType.ACCESS_UNIT_DELIMITER) return type;
            }
        }
        return -1;
    }

    private static int leadingNalType(byte[] au, int off, int len) {
        int end = off + Math.min(len, 64);
        for (int i = off; i + 3 < end; i++) {
            if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 1) {
                int type = NalUnitType.of(au[i + 3]);
                if (type != NalUnitType.ACCESS_UNIT_DELIMITER) return type;
            }
        }
        return -1;
    }

    /**
     * Any thread: the input had to drop an access unit (or bytes) of this stream; counted and logged
     * (first, then every 100th), and viewers wait for the next IDR since the dropped picture may be a
     * reference of the next ones (H.264 §8.2.1).
     */
    public void inputDropped(String why, boolean oversize) {
        long n = oversize ? counters.framesOversize.incrementAndGet() : counters.inputErrors.incrementAndGet();
        if (n == 1 || n % 100 == 0) {
            log.warning("{0}: input dropped: {1} ({2} {3} so far)", path, why, String.valueOf(n),
                    oversize ? "oversize" : "input errors");
        }
        mailbox.skipSequence();
    }

    // ---- event loop --------------------------------------------------------------------------------

    /** True when no frame is pending. Any thread (a volatile read). */
    public boolean idle() {
        return mailbox.isEmpty();
    }

    /** When the producer's next frame is expected, for the loop's wait (see {@link FrameCadence}). */
    public FrameCadence cadence() {
        return cadence;
    }

    /** Delivers every queued frame, oldest first. */
    public void deliverPending() {
        Frame frame;
        while ((frame = mailbox.take()) != null) {
            cadence.arrived(frame.captureNanos);
            keyframes.poll(clock.nanoTime());
            try {
                deliver(frame);
            } finally {
                mailbox.release(frame);
            }
        }
    }

    private void deliver(Frame frame) {
        if (playingViewers == 0) {
            distributor.learnParameterSets(frame);
            counters.framesDropped.incrementAndGet();
            return;
        }
        int result = distributor.distribute(frame, viewers.snapshot());
        int idrDelivered = FrameDistributor.IDR | FrameDistributor.DELIVERED;
        if ((result & idrDelivered) == idrDelivered) keyframes.idrDelivered();
        if ((result & FrameDistributor.WANTS_KEYFRAME) != 0) requestKeyframe(); // after: a viewer this IDR missed
        if ((result & FrameDistributor.DELIVERED) != 0) {
            counters.framesSent.incrementAndGet();
        } else {
            counters.framesDropped.incrementAndGet();
        }
    }

    /**
     * Asks the producer for an IDR (a viewer starts, fell behind, or sent an honoured RTCP PLI/FIR),
     * coalesced and rate-limited per stream ({@link KeyframeRequests}).
     */
    public void requestKeyframe() {
        keyframes.request(clock.nanoTime());
    }

    /**
     * An RTCP PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1) from {@code session}'s client. Honoured
     * only while the session plays and only when the request names the SSRC this server sends that
     * session with (PLI: media source field, RFC 4585 §6.1; FIR: an FCI entry, RFC 5104 §4.3.1.1): a
     * session that downloads nothing, or a request for a source it does not receive, asks for no IDR
     * of the other viewers (issue 10 High 4). Counted either way.
     *
     * @param namesItsSsrc whether the request names {@code session}'s SSRC
     */
    public void keyframeFeedback(Session session, boolean namesItsSsrc) {
        if (session.isPlaying() && namesItsSsrc) {
            requestKeyframe();
        } else {
            counters.keyframeRequestsIgnored.incrementAndGet();
        }
    }

    /** Loop tick: a remembered keyframe request whose interval ended is forwarded now. */
    public void pollKeyframeRequests(long nowNanos) {
        keyframes.poll(nowNanos);
    }

    public void addViewer(Session session) {
        viewers.add(session);
        viewersChanged();
    }

    public void removeViewer(Session session) {
        viewers.remove(session);
        viewersChanged();
    }

    /**
     * Call after a viewer started or stopped playing. Tells the listener of a 0 -> n or n -> 0
     * change, once per change: the count and the calls happen on the loop thread only.
     */
    public void viewersChanged() {
        setPlayingViewers(viewers.playingCount());
    }

    private void setPlayingViewers(int now) {
        int before = playingViewers;
        playingViewers = now;
        try {
            if (before == 0 && now > 0) {
                viewerListener.firstViewerPlaying();
            } else if (before > 0 && now == 0) {
                viewerListener.lastViewerLeft();
            }
        } catch (RuntimeException e) {
            log.error(e, "viewer callback of {0} failed", path); // the producer's bug must not stop the loop
        }
    }

    /** The stream's RTP clock at monotonic time {@code nanos} (RTP-Info rtptime, RFC 2326 §12.33; the session adds its offset). */
    public int rtpTimestamp(long nanos) {
        return rtpClock.timestamp(nanos);
    }

    /** RTCP sender reports for the viewers due one (RFC 3550 §6.4.1); call every loop tick. */
    public void sendSenderReports(long nowNanos) {
        senderReports.sendDue(viewers.snapshot(), nowNanos, rtpClock.timestamp(nowNanos), clock.currentTimeMillis());
    }

    /** Whether an SPS and a PPS have been seen, so the SDP can carry sprop-parameter-sets (RFC 6184 §8.1). */
    public boolean hasParameterSets() {
        return parameterSets.complete();
    }

    /**
     * The DESCRIBE body (RFC 2326 §10.2): SDP with the parameter sets seen so far (RFC 6184 §8.1).
     *
     * @param trackControl the track's a=control (RFC 2326 §C.1.1)
     */
    public String sessionDescription(long sdpSessionId, String originAddress, String trackControl) {
        if (parameterSets.sps() != spsAtLastVersion) {
            spsAtLastVersion = parameterSets.sps();
            sdpVersion++;
        }
        return SessionDescription.builder()
                .origin(sdpSessionId, sdpVersion, originAddress)
                .sessionName("camstream")
                .h264Track(FrameDistributor.PAYLOAD_TYPE, trackControl, parameterSets.sps(), parameterSets.pps(),
                        fps, width, height)
                .build();
    }

    @Override
    public String toString() {
        return "Stream[" + path + ", " + width + "x" + height + "]";
    }

    /** Stop: drops the pending frames (counted). */
    public void discardPending() {
        counters.framesDropped.addAndGet(mailbox.discardPending());
        setPlayingViewers(0);
    }
}
