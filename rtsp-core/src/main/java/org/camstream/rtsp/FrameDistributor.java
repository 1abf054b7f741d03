package org.camstream.rtsp;

import org.camstream.rtp.AnnexBReader;
import org.camstream.rtp.H264Packetizer;
import org.camstream.rtp.RtpPacketList;

/**
 * Turns one access unit into RTP packets once and fans them out to every playing session.
 *
 * <p>Rules per session: a session waiting for an IDR skips frames until one comes (H.264 §8.2.1: P
 * slices need their references); the first IDR it gets carries SPS+PPS in-band, prepended when the
 * access unit lacks them; a session whose transport cannot take a whole frame waits for the next IDR.
 * A gap in the producer's frame sequence (a frame replaced in the mailbox) sends every session back
 * to waiting for an IDR.
 *
 * <p>Thread: event loop only. Buffers (packet arenas, their direct wire copies, the prefixed copy)
 * are owned here and reused, so steady-state delivery allocates nothing; each frame is packetized
 * and copied to direct memory once, whatever the number of clients ({@link WirePackets}).
 */
final class FrameDistributor {
    static final int PAYLOAD_TYPE = 96; // dynamic payload type, RFC 3551 §6; mapped by a=rtpmap in the SDP
    private static final int NAL_IDR = 5;

    private final AnnexBReader reader = new AnnexBReader();
    private final H264Packetizer packetizer;
    private final RtpPacketList packets = new RtpPacketList(64 * 1024);
    private final RtpPacketList prefixedPackets = new RtpPacketList(64 * 1024);
    private final WirePackets wire = new WirePackets();
    private final WirePackets prefixedWire = new WirePackets();
    private final ParameterSetCache parameterSets;
    private final Runnable keyframeRequest;
    private byte[] prefixed = new byte[0];
    private long lastSequence = -1;
    private long baseNanos;
    private boolean haveBase;

    FrameDistributor(int maxPayloadSize, ParameterSetCache parameterSets, Runnable keyframeRequest) {
        this.packetizer = new H264Packetizer(PAYLOAD_TYPE, maxPayloadSize);
        this.parameterSets = parameterSets;
        this.keyframeRequest = keyframeRequest;
    }

    /** 90 kHz media clock (RFC 6184 §5.1) from the monotonic capture time; wraps like RTP timestamps do. */
    int rtpTimestamp(long captureNanos) {
        if (!haveBase) {
            baseNanos = captureNanos;
            haveBase = true;
        }
        long ticks = Math.floorDiv((captureNanos - baseNanos) * 9, 100_000L);
        return (int) ticks;
    }

    /**
     * Delivers one frame. Returns true if at least one session received it.
     */
    boolean distribute(Frame frame, Session[] sessions) {
        boolean gap = lastSequence >= 0 && frame.sequence != lastSequence + 1;
        lastSequence = frame.sequence;
        boolean idr = scan(frame);
        int timestamp = rtpTimestamp(frame.captureNanos);

        boolean packetized = false;
        boolean prefixedReady = false;
        boolean delivered = false;
        boolean wantKeyframe = false;
        for (Session s : sessions) {
            if (!s.playing() || s.owner.isClosed()) continue;
            if (gap && !idr && !s.waitingForIdr) {
                s.waitingForIdr = true;
                wantKeyframe = true; // a frame was lost before the loop: everybody needs a fresh IDR
            }
            WirePackets list;
            if (s.waitingForIdr) {
                if (!idr) continue;
                if (needsPrefix()) {
                    if (!prefixedReady) {
                        packetizePrefixed(frame, timestamp);
                        prefixedReady = true;
                    }
                    list = prefixedWire;
                } else {
                    if (!packetized) {
                        packetize(frame, timestamp);
                        packetized = true;
                    }
                    list = wire;
                }
            } else {
                if (!packetized) {
                    packetize(frame, timestamp);
                    packetized = true;
                }
                list = wire;
            }
            int sessionTimestamp = s.timestampOffset + timestamp;
            if (s.transport.sendFrame(list, s, sessionTimestamp)) {
                s.waitingForIdr = false;
                s.sentAnything = true;
                delivered = true;
            } else {
                s.waitingForIdr = true;
                wantKeyframe = true;
            }
        }
        if (wantKeyframe) keyframeRequest.run();
        return delivered;
    }

    private boolean idrLacksParameterSets;

    private boolean needsPrefix() {
        return idrLacksParameterSets && parameterSets.complete();
    }

    /** Finds whether the frame holds an IDR slice, updates the SPS/PPS cache. */
    private boolean scan(Frame frame) {
        boolean idr = false;
        boolean sps = false;
        boolean pps = false;
        reader.reset(frame.data, 0, frame.length);
        while (reader.next()) {
            int type = reader.nalType();
            if (type == NAL_IDR) {
                idr = true;
            } else if (type == ParameterSetCache.NAL_SPS) {
                sps = true;
                parameterSets.observe(reader, frame.data);
            } else if (type == ParameterSetCache.NAL_PPS) {
                pps = true;
                parameterSets.observe(reader, frame.data);
            }
        }
        idrLacksParameterSets = idr && !(sps && pps);
        return idr;
    }

    private void packetize(Frame frame, int timestamp) {
        packets.clear();
        packetizer.packetize(frame.data, 0, frame.length, timestamp, packets);
        wire.load(packets);
    }

    /** The IDR with SPS+PPS in front (RFC 6184 §8.4: in-band parameter sets are allowed and robust). */
    private void packetizePrefixed(Frame frame, int timestamp) {
        byte[] prefix = parameterSets.annexBPrefix();
        int len = prefix.length + frame.length;
        if (prefixed.length < len) prefixed = new byte[Math.max(len, prefixed.length * 2)];
        System.arraycopy(prefix, 0, prefixed, 0, prefix.length);
        System.arraycopy(frame.data, 0, prefixed, prefix.length, frame.length);
        prefixedPackets.clear();
        packetizer.packetize(prefixed, 0, len, timestamp, prefixedPackets);
        prefixedWire.load(prefixedPackets);
    }

    /** Scans a frame only for parameter sets (no client is playing; the SDP still needs them). */
    void learnParameterSets(Frame frame) {
        lastSequence = frame.sequence;
        scan(frame);
    }
}
