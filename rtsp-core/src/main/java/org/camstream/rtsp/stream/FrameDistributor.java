package org.camstream.rtsp.stream;

import org.camstream.rtp.AnnexBReader;
import org.camstream.rtp.H264Packetizer;
import org.camstream.rtp.NalUnitType;
import org.camstream.rtp.RtpPacketList;
import org.camstream.rtsp.session.Session;
import org.camstream.rtsp.transport.WirePackets;

/**
 * Turns one access unit into RTP packets once and fans them out to every playing session.
 *
 * <p>Rules: a session awaiting an IDR skips frames until one comes (H.264 §8.2.1: P slices need their
 * references); every IDR every session gets carries SPS+PPS in-band, the newest ones seen prepended
 * when the access unit lacks them (RFC 6184 §8.4; decoders that ignore sprop-parameter-sets, a
 * client that joined before a parameter-set change, a producer that wrote them only once); a session whose transport cannot take a whole frame waits for the next IDR. A gap in the
 * producer's frame sequence (a frame replaced in the mailbox) sends every session back to awaiting an
 * IDR. The session decides and records its own state ({@link Session#deliver}); this class only picks
 * the packets.
 *
 * <p>Thread: event loop only. Buffers (packet arenas, their direct wire copies, the prefixed copy)
 * are owned here and reused, so steady-state delivery allocates nothing; each frame is packetized
 * and copied to direct memory once, whatever the number of clients ({@link WirePackets}).
 */
final class FrameDistributor {
    /** Dynamic payload type (RFC 3551 §6), mapped to H264/90000 by a=rtpmap in the SDP. */
    static final int PAYLOAD_TYPE = 96;

    private final AnnexBReader reader = new AnnexBReader();
    private final H264Packetizer packetizer;
    private final RtpPacketList packets = new RtpPacketList(64 * 1024);
    private final RtpPacketList prefixedPackets = new RtpPacketList(64 * 1024);
    private final WirePackets wire = new WirePackets();
    private final WirePackets prefixedWire = new WirePackets();
    private final ParameterSetCache parameterSets;
    private final RtpClock clock;
    private byte[] prefixed = new byte[0];
    private long lastSequence = -1;
    private boolean idrLacksParameterSets;

    private final InputReport report;

    FrameDistributor(int maxPayloadSize, ParameterSetCache parameterSets, RtpClock clock, InputReport report) {
        this.report = report;
        this.packetizer = new H264Packetizer(PAYLOAD_TYPE, maxPayloadSize);
        this.parameterSets = parameterSets;
        this.clock = clock;
    }

    /** Outcome of {@link #distribute}, as bits. */
    static final int DELIVERED = 1;
    static final int WANTS_KEYFRAME = 2;
    /** The frame was an IDR (with {@link #DELIVERED}: it reached at least one session). */
    static final int IDR = 4;

    /**
     * Delivers one frame to the playing sessions among {@code sessions}.
     *
     * @return {@link #DELIVERED} if at least one session received it, plus {@link #WANTS_KEYFRAME} if a
     *     session now awaits an IDR because of this frame, plus {@link #IDR} if the frame was one
     */
    int distribute(Frame frame, Session[] sessions) {
        boolean gap = frame.followsALoss(lastSequence);
        lastSequence = frame.sequence;
        boolean idr = scan(frame);
        int timestamp = clock.frameTimestamp(frame.captureNanos);

        boolean packetized = false;
        boolean prefixedReady = false;
        int result = idr ? IDR : 0;
        for (Session s : sessions) {
            if (!s.isPlaying()) continue;
            if (gap && !idr && s.frameLost()) {
                result |= WANTS_KEYFRAME; // a frame was lost before the loop: its decoder lacks a reference
            }
            if (!s.wants(idr)) continue;
            WirePackets list;
            if (idr && needsPrefix()) {
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
            result |= s.deliver(list, timestamp) ? DELIVERED : WANTS_KEYFRAME;
        }
        return result;
    }

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
            if (type == NalUnitType.IDR_SLICE || type == NalUnitType.NON_IDR_SLICE) {
                idr |= type == NalUnitType.IDR_SLICE;
                report.slice(frame.data, reader.nalOffset(), reader.nalOffset() + reader.nalLength());
            } else if (type == NalUnitType.SPS) {
                sps = true;
                parameterSets.observe(reader, frame.data);
            } else if (type == NalUnitType.PPS) {
                pps = true;
                parameterSets.observe(reader, frame.data);
            }
        }
        idrLacksParameterSets = idr && !(sps && pps);
        report.frameScanned(idr);
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
