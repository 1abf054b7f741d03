package org.camstream.rtsp;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.camstream.rtp.NtpTime;
import org.camstream.rtp.RtcpSdes;
import org.camstream.rtp.RtcpSenderReport;

/**
 * RTCP sender reports, about every 5 s per session (RFC 3550 §6.2 minimum interval; §6.4.1 layout),
 * sent as compound packets SR + SDES CNAME (§6.1). The SR maps the session's RTP clock to wall-clock
 * (NTP) time, which receivers use for lip-sync and latency. Thread: event loop only; one reused buffer.
 */
final class SenderReports {
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Four bytes of headroom so the TCP transport can put its '$' framing in place. */
    private final byte[] buffer = new byte[4 + 256];
    private final byte[] cname;

    SenderReports(String cname) {
        this.cname = cname.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends a report for each session due one; call every loop tick. */
    void sendDue(Session[] sessions, FrameDistributor clock, long nowNanos) {
        for (Session s : sessions) {
            if (!s.playing() || !s.sentAnything || s.owner.isClosed()) continue;
            if (nowNanos - s.nextSenderReportNanos < 0) continue;
            s.nextSenderReportNanos = nowNanos + INTERVAL_NANOS;
            long ntp = NtpTime.fromEpochNanos(TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()));
            int rtp = s.timestampOffset + clock.rtpTimestamp(nowNanos);
            int off = 4;
            off += RtcpSenderReport.write(buffer, off, s.ssrc, ntp, rtp, (int) s.packetsSent, (int) s.octetsSent);
            off += RtcpSdes.writeCname(buffer, off, s.ssrc, cname);
            s.transport.sendRtcp(buffer, 4, off - 4);
        }
    }
}
