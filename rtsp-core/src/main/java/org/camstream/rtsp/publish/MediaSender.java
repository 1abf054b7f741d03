package org.camstream.rtsp.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.camstream.rtp.AnnexBReader;
import org.camstream.rtp.H264Packetizer;
import org.camstream.rtp.NtpTime;
import org.camstream.rtp.RtcpSdes;
import org.camstream.rtp.RtcpSenderReport;
import org.camstream.rtp.RtpHeader;
import org.camstream.rtp.RtpPacketList;
import org.camstream.rtsp.stream.ParameterSetCache;

/**
 * The media side of one publishing session: access units to RTP (RFC 6184 via {@link H264Packetizer}),
 * stamped with this session's SSRC, sequence numbers and 90 kHz timestamps from capture time
 * (RFC 3550 §5.1), plus RTCP sender reports about every 5 s (RFC 3550 §6.2, §6.4.1; compound with SDES
 * CNAME, §6.1).
 *
 * <p>Each session starts at an IDR: frames before the first one are dropped, an IDR access unit that
 * lacks SPS/PPS gets the cached ones in front (so the receiver's recording decodes from its first frame),
 * and the keyframe callback is called so the encoder makes one soon. A frame the sink has no room for
 * (the uplink is slower than the stream) is dropped whole, and the session waits for the next IDR
 * again: a P frame after a gap would decode into garbage.
 *
 * <p>Allocation: none per frame in steady state (packet arena, Annex-B cursor and scratch buffers are
 * reused). Thread: the publisher's loop only.
 */
final class MediaSender {
    /** Where packets go: the TCP connection (interleaved) or the UDP sockets. */
    interface Sink {
        /** Whether {@code bytes} of RTP (transport framing included, see {@link #framing()}) fit now. */
        boolean room(int bytes);

        /** Bytes of transport framing per packet ({@code $} prefix over TCP: 4; UDP: 0). */
        int framing();

        /**
         * Sends one RTP packet at {@code buf[off, off+len)}; {@code buf[off-4, off)} is free headroom
         * for framing. Returns false when the packet could not be sent (UDP socket buffer full).
         */
        boolean rtp(byte[] buf, int off, int len) throws IOException;

        /** Sends one RTCP compound packet; same headroom contract. */
        void rtcp(byte[] buf, int off, int len) throws IOException;
    }

    static final int PAYLOAD_TYPE = 96; // dynamic (RFC 3551 §6), named by the SDP rtpmap
    static final long REPORT_INTERVAL_NANOS = 5_000_000_000L; // RFC 3550 §6.2 minimum interval
    static final long KEYFRAME_REPEAT_NANOS = 1_000_000_000L;
    private static final int NAL_IDR = 5;
    private static final int NAL_SPS = 7;

    private final H264Packetizer packetizer;
    private final RtpPacketList packets = new RtpPacketList(256 * 1024);
    private final AnnexBReader nals = new AnnexBReader();
    private final ParameterSetCache parameterSets;
    private final Runnable keyframeRequest;
    private final PublisherCounters counters;
    private final Random random;
    private final byte[] report = new byte[RtpPacketList.HEADROOM + 256];
    private final byte[] cname;
    private byte[] scratch = new byte[0];

    private Sink sink;
    private int ssrc;
    private int sequence;
    private int timestampOffset;
    private long firstCaptureNanos;
    private boolean sentAnything;
    private boolean waitingForIdr;
    private long lastKeyframeRequest;
    private long nextReport = Long.MAX_VALUE;
    private long packetCount;
    private long octetCount;
    private int lastTimestamp;
    private long lastCaptureNanos;
    private boolean scannedIdr;
    private boolean scannedSps;

    MediaSender(int maxPayloadSize, ParameterSetCache parameterSets, Runnable keyframeRequest,
            PublisherCounters counters, Random random, String cname) {
        this.packetizer = new H264Packetizer(PAYLOAD_TYPE, maxPayloadSize);
        this.parameterSets = parameterSets;
        this.keyframeRequest = keyframeRequest;
        this.counters = counters;
        this.random = random;
        this.cname = cname.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts a session on {@code sink}: new SSRC, random sequence and timestamp bases (RFC 3550 §5.1). */
    void start(Sink newSink, long now) {
        sink = newSink;
        ssrc = random.nextInt();
        sequence = random.nextInt() & 0xFFFF;
        timestampOffset = random.nextInt();
        sentAnything = false;
        packetCount = 0;
        octetCount = 0;
        waitingForIdr = true;
        requestKeyframe(now);
        nextReport = Long.MAX_VALUE;
    }

    void stop() {
        sink = null;
        nextReport = Long.MAX_VALUE;
    }

    boolean active() {
        return sink != null;
    }

    /**
     * Looks at every NAL unit of the access unit once: feeds SPS/PPS to the cache (so the SDP can be
     * written before any session exists) and notes whether it holds an IDR and an SPS.
     */
    void scan(byte[] au, int len) {
        scannedIdr = false;
        scannedSps = false;
        nals.reset(au, 0, len);
        while (nals.next()) {
            int type = nals.nalType();
            parameterSets.observe(nals, au);
            if (type == NAL_IDR) scannedIdr = true;
            if (type == NAL_SPS) scannedSps = true;
        }
    }

    /**
     * Sends the access unit last {@link #scan scanned}. Returns true when it was sent, false when it was
     * dropped (no session, waiting for an IDR, no room).
     */
    boolean send(byte[] au, int len, long captureNanos, long now) throws IOException {
        if (sink == null) return false;
        if (waitingForIdr) {
            if (!scannedIdr || !parameterSets.complete()) {
                if (now - lastKeyframeRequest >= KEYFRAME_REPEAT_NANOS) requestKeyframe(now);
                return false;
            }
            waitingForIdr = false;
        }
        byte[] src = au;
        int srcLen = len;
        if (scannedIdr && !scannedSps) { // H.264 §7.4.1.2.3: SPS/PPS must precede the IDR that uses them
            byte[] prefix = parameterSets.annexBPrefix();
            srcLen = prefix.length + len;
            if (scratch.length < srcLen) scratch = new byte[Math.max(srcLen, scratch.length * 2)]; // grows to the largest IDR once
            System.arraycopy(prefix, 0, scratch, 0, prefix.length);
            System.arraycopy(au, 0, scratch, prefix.length, len);
            src = scratch;
        }
        if (!sentAnything) firstCaptureNanos = captureNanos;
        int timestamp = timestampOffset + rtpUnits(captureNanos - firstCaptureNanos);
        packets.clear();
        packetizer.packetize(src, 0, srcLen, timestamp, packets);
        int n = packets.size();
        if (n == 0) return false;
        int wire = packets.totalBytes() + n * sink.framing();
        if (!sink.room(wire)) {
            dropUntilIdr(now);
            return false;
        }
        byte[] buf = packets.buffer();
        for (int i = 0; i < n; i++) {
            int off = packets.offset(i);
            RtpHeader.stamp(buf, off, sequence, timestamp, ssrc);
            sequence = sequence + 1 & 0xFFFF;
            if (!sink.rtp(buf, off, packets.length(i))) {
                dropUntilIdr(now); // the rest of this frame would only damage the picture
                return false;
            }
        }
        packetCount += n;
        octetCount += packets.payloadBytes();
        counters.bytesSent.addAndGet(wire);
        lastTimestamp = timestamp;
        lastCaptureNanos = captureNanos;
        if (!sentAnything) {
            sentAnything = true;
            nextReport = now; // the first SR right after the first frame maps RTP to wall-clock time early
        }
        return true;
    }

    /**
     * A frame was lost before the next one reached the sender (the mailbox replaced it while this
     * thread was late): a P frame after it would reference a picture the relay never got (H.264
     * §8.2.5), so the session waits for the next IDR, as when a frame does not fit.
     */
    void frameLostBefore(long now) {
        if (sink != null && !waitingForIdr) dropUntilIdr(now);
    }

    private void dropUntilIdr(long now) {
        waitingForIdr = true;
        requestKeyframe(now);
    }

    private void requestKeyframe(long now) {
        lastKeyframeRequest = now;
        keyframeRequest.run();
    }

    /** When {@link #reportIfDue} next has work. */
    long nextReportNanos() {
        return nextReport;
    }

    /** An RTCP SR + SDES CNAME when due (RFC 3550 §6.4.1: NTP and RTP time of the same instant). */
    void reportIfDue(long now, long wallNanos) throws IOException {
        if (sink == null || !sentAnything || now - nextReport < 0) return;
        nextReport = now + REPORT_INTERVAL_NANOS;
        int rtpNow = lastTimestamp + rtpUnits(now - lastCaptureNanos);
        int off = RtpPacketList.HEADROOM;
        off += RtcpSenderReport.write(report, off, ssrc, NtpTime.fromEpochNanos(wallNanos), rtpNow,
                (int) packetCount, (int) octetCount);
        off += RtcpSdes.writeCname(report, off, ssrc, cname);
        int len = off - RtpPacketList.HEADROOM;
        sink.rtcp(report, RtpPacketList.HEADROOM, len);
        counters.bytesSent.addAndGet(len + sink.framing());
    }

    /** 90 kHz units (RFC 6184 §8.2.1 clock rate) of a nanosecond interval; wraps as RTP timestamps do. */
    private static int rtpUnits(long nanos) {
        return (int) (nanos * 9 / 100_000);
    }
}
