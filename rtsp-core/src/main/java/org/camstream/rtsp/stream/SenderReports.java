package org.camstream.rtsp.stream;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.camstream.rtp.NtpTime;
import org.camstream.rtp.RtcpSdes;
import org.camstream.rtp.RtcpSenderReport;
import org.camstream.rtsp.session.Session;
import org.camstream.rtsp.wire.InterleavedFrame;

/**
 * RTCP sender reports, about every 5 s per session (RFC 3550 §6.2 minimum interval; §6.4.1 layout),
 * sent as compound packets SR + SDES CNAME (§6.1). The SR maps the session's RTP clock to wall-clock
 * (NTP) time, which receivers use for lip-sync and latency. Thread: event loop only; one reused buffer.
 */
final class SenderReports {
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int HEADROOM = InterleavedFrame.HEADER_BYTES;
    /** Headroom so the TCP sink can put its '$' framing in place. */
    private final byte[] buffer = new byte[HEADROOM + 256];
    private final byte[] cname;

    SenderReports(String cname) {
        this.cname = cname.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends a report for each session due one; call every loop tick.
     *
     * @param streamTimestamp the stream's RTP clock now (the session adds its offset)
     * @param wallMillis wall time now, for the NTP timestamp
     */
    void sendDue(Session[] sessions, long nowNanos, int streamTimestamp, long wallMillis) {
        for (Session s : sessions) {
            if (!s.senderReportDue(nowNanos, INTERVAL_NANOS)) continue;
            long ntp = NtpTime.fromEpochNanos(TimeUnit.MILLISECONDS.toNanos(wallMillis));
            int rtp = s.timestampOffset() + streamTimestamp;
            int off = HEADROOM;
            off += RtcpSenderReport.write(buffer, off, s.ssrc(), ntp, rtp, (int) s.packetsSent(), (int) s.octetsSent());
            off += RtcpSdes.writeCname(buffer, off, s.ssrc(), cname);
            s.sendRtcp(buffer, HEADROOM, off - HEADROOM);
        }
    }
}
