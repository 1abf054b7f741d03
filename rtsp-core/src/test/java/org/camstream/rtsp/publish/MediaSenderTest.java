package org.camstream.rtsp.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.camstream.rtp.RtpHeader;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.stream.ParameterSetCache;
import org.junit.jupiter.api.Test;

/**
 * The media side of a session: starts at an IDR with SPS/PPS in-band (H.264 §7.4.1.2.3), asks for a
 * keyframe, drops whole frames when the uplink has no room and resumes at the next IDR, numbers packets
 * without gaps (RFC 3550 §5.1) and stamps 90 kHz capture time.
 */
class MediaSenderTest {
    // 320x240 Constrained Baseline SPS/PPS as x264 writes them
    static final byte[] SPS = hex("6742c00dda0507ec0440000003004000000f03c50aa8");
    static final byte[] PPS = hex("68ce0fc8");

    final List<byte[]> packets = new ArrayList<>();
    int roomBytes = Integer.MAX_VALUE;
    int keyframeRequests;
    final PublisherCounters counters = new PublisherCounters();
    final ParameterSetCache parameterSets = new ParameterSetCache(320, 240, new Log(Log.SILENT, "test"));
    final MediaSender media = new MediaSender(1400, parameterSets, () -> keyframeRequests++, counters, new Random(3), "test");

    final MediaSender.Sink sink = new MediaSender.Sink() {
        @Override
        public boolean room(int bytes) {
            return bytes <= roomBytes;
        }

        @Override
        public int framing() {
            return 4;
        }

        @Override
        public boolean rtp(byte[] buf, int off, int len) {
            packets.add(java.util.Arrays.copyOfRange(buf, off, off + len));
            return true;
        }

        @Override
        public void rtcp(byte[] buf, int off, int len) {
            packets.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        }
    };

    boolean send(byte[] au, long captureNanos) throws Exception {
        media.scan(au, au.length);
        return media.send(au, au.length, captureNanos, captureNanos);
    }

    @Test
    void aSessionStartsAtAnIdrWithParameterSetsInFront() throws Exception {
        send(au(true, slice(0x65, 100)), 0); // before the session: the cache learns SPS/PPS
        media.start(sink, 0);
        assertThat(keyframeRequests).isEqualTo(1);
        assertThat(send(au(false, slice(0x41, 100)), 1_000_000)).as("P frame before the IDR").isFalse();
        assertThat(packets).isEmpty();
        assertThat(send(au(false, slice(0x65, 100)), 33_000_000)).as("IDR without SPS/PPS").isTrue();
        // RFC 6184 §5.7.1: STAP-A (type 24) holding SPS, PPS and the IDR slice
        byte[] p = packets.get(0);
        assertThat(p[RtpHeader.SIZE] & 0x1F).isEqualTo(24);
        assertThat(p[RtpHeader.SIZE + 3] & 0x1F).isEqualTo(7);
        assertThat(RtpHeader.marker(p, 0)).isTrue();
        assertThat(send(au(false, slice(0x41, 3000)), 66_000_000)).isTrue(); // FU-A, 3 packets
        assertThat(packets).hasSize(4);
        int seq0 = RtpHeader.sequence(packets.get(0), 0);
        for (int i = 1; i < 4; i++) assertThat(RtpHeader.sequence(packets.get(i), 0)).isEqualTo(seq0 + i & 0xFFFF);
        // 33 ms of capture time = 2970 ticks of the 90 kHz clock
        assertThat(RtpHeader.timestamp(packets.get(1), 0) - RtpHeader.timestamp(packets.get(0), 0)).isEqualTo(2970);
    }

    @Test
    void aFrameWithoutRoomIsDroppedWholeAndTheSessionResumesAtTheNextIdr() throws Exception {
        send(au(true, slice(0x65, 100)), 0);
        media.start(sink, 0);
        assertThat(send(au(true, slice(0x65, 100)), 0)).isTrue();
        int sent = packets.size();
        roomBytes = 500;
        assertThat(send(au(false, slice(0x41, 3000)), 33_000_000)).isFalse();
        assertThat(packets).as("nothing of the frame that did not fit").hasSize(sent);
        assertThat(keyframeRequests).isEqualTo(2);
        roomBytes = Integer.MAX_VALUE;
        assertThat(send(au(false, slice(0x41, 100)), 66_000_000)).as("P frame after a gap").isFalse();
        assertThat(send(au(true, slice(0x65, 100)), 99_000_000)).isTrue();
        assertThat(RtpHeader.sequence(packets.get(sent), 0))
                .as("no sequence gap for the dropped frame: it never went out")
                .isEqualTo(RtpHeader.sequence(packets.get(sent - 1), 0) + 1 & 0xFFFF);
    }

    /** A frame the mailbox replaced before the sender saw it: the next P frame would be undecodable. */
    @Test
    void aFrameLostBeforeTheSenderSendsTheSessionBackToTheNextIdr() throws Exception {
        send(au(true, slice(0x65, 100)), 0);
        media.start(sink, 0);
        assertThat(send(au(true, slice(0x65, 100)), 0)).isTrue();
        assertThat(send(au(false, slice(0x41, 100)), 33_000_000)).isTrue();
        int requests = keyframeRequests;
        media.frameLostBefore(99_000_000);
        assertThat(keyframeRequests).as("a keyframe asked for at once").isEqualTo(requests + 1);
        assertThat(send(au(false, slice(0x41, 100)), 99_000_000)).as("P frame after the lost one").isFalse();
        assertThat(send(au(true, slice(0x65, 100)), 132_000_000)).isTrue();
        media.frameLostBefore(133_000_000);
        media.frameLostBefore(133_000_000);
        assertThat(keyframeRequests).as("one request per gap, not per call while waiting").isEqualTo(requests + 2);
    }

    @Test
    void senderReportsFollowTheFirstFrameThenEveryFiveSeconds() throws Exception {
        send(au(true, slice(0x65, 100)), 0);
        media.start(sink, 0);
        media.reportIfDue(0, 0);
        assertThat(packets).as("no SR before any RTP").isEmpty();
        send(au(true, slice(0x65, 100)), 0);
        media.reportIfDue(1, 0);
        byte[] sr = packets.get(packets.size() - 1);
        assertThat(sr[1] & 0xFF).isEqualTo(200); // RFC 3550 §6.4.1 PT=SR
        int n = packets.size();
        media.reportIfDue(4_999_999_999L, 0);
        assertThat(packets).hasSize(n);
        media.reportIfDue(5_000_000_001L, 0);
        assertThat(packets).hasSize(n + 1);
    }

    static byte[] nalsOf(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(1);
            out.write(n, 0, n.length);
        }
        return out.toByteArray();
    }

    static byte[] au(boolean withParameterSets, byte[] slice) {
        return withParameterSets ? nalsOf(SPS, PPS, slice) : nalsOf(slice);
    }

    static byte[] slice(int header, int bytes) {
        byte[] s = new byte[bytes];
        s[0] = (byte) header;
        for (int i = 1; i < bytes; i++) s[i] = (byte) (i % 251 + 1);
        return s;
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }
}
