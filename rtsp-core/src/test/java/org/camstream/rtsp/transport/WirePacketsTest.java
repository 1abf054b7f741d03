package org.camstream.rtsp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.camstream.rtsp.testing.TestStreams;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.camstream.rtp.H264Packetizer;
import org.camstream.rtp.RtpHeader;
import org.camstream.rtp.RtpPacketList;

class WirePacketsTest {

    /**
     * The interleaved stream is, packet after packet, '$' channel length (RFC 2326 §10.12) and the RTP
     * packet with this client's sequence, timestamp and SSRC, the rest of each packet as packetized;
     * and re-stamping for a second client leaves nothing of the first behind.
     */
    @Property(tries = 200)
    void interleavedStreamIsEveryPacketPrefixedAndStamped(@ForAll @IntRange(min = 1, max = 200_000) int payload,
                                                         @ForAll @IntRange(min = 0, max = 0xFFFF) int seq,
                                                         @ForAll int timestamp, @ForAll int ssrc,
                                                         @ForAll @IntRange(min = 0, max = 255) int channel) {
        byte[] au = TestStreams.idr(payload, true);
        RtpPacketList list = new RtpPacketList(1024);
        new H264Packetizer(96, 1400).packetize(au, 0, au.length, 1234, list);
        byte[][] packets = new byte[list.size()][];
        for (int i = 0; i < list.size(); i++) {
            packets[i] = Arrays.copyOfRange(list.buffer(), list.offset(i), list.offset(i) + list.length(i));
        }
        WirePackets wire = new WirePackets();
        wire.load(list);
        for (int i = 0; i < wire.size(); i++) { // a first client, overwritten below
            wire.stamp(i, 7, 7, 7);
            wire.prefix(i, 9);
        }
        for (int i = 0; i < wire.size(); i++) {
            wire.stamp(i, (seq + i) & 0xFFFF, timestamp, ssrc);
            wire.prefix(i, channel);
        }
        ByteBuffer view = wire.interleaved(0);
        assertThat(view.remaining()).isEqualTo(wire.interleavedLength());
        byte[] all = new byte[view.remaining()];
        view.get(all); // the view is reused by packet(i) below
        ByteBuffer stream = ByteBuffer.wrap(all);
        int payloadOctets = 0;
        for (int i = 0; i < packets.length; i++) {
            assertThat(stream.get()).isEqualTo((byte) '$');
            assertThat(stream.get() & 0xFF).isEqualTo(channel);
            int len = stream.getShort() & 0xFFFF;
            assertThat(len).isEqualTo(packets[i].length);
            byte[] got = new byte[len];
            stream.get(got);
            byte[] expected = packets[i].clone();
            RtpHeader.stamp(expected, 0, (seq + i) & 0xFFFF, timestamp, ssrc);
            assertThat(got).isEqualTo(expected);
            byte[] alone = new byte[len];
            wire.packet(i).get(alone);
            assertThat(alone).isEqualTo(expected);
            payloadOctets += len - RtpHeader.SIZE;
        }
        assertThat(stream.hasRemaining()).isFalse();
        assertThat(wire.payloadBytes()).isEqualTo(payloadOctets);
        assertThat(wire.rtpBytes()).isEqualTo(list.totalBytes());
    }

    /**
     * The chunked queue keeps order across chunk boundaries, whichever put is used, a ByteBuffer's
     * position advances, and every chunk is back in the pool once written.
     */
    @Property(tries = 300)
    void outboundBufferKeepsOrderAcrossTheWrap(@ForAll @IntRange(min = 1, max = 512) int first,
                                               @ForAll @IntRange(min = 0, max = 512) int consumed,
                                               @ForAll @IntRange(min = 0, max = 512) int second) throws Exception {
        int drained = Math.min(consumed, first - 1); // keep at least one byte queued, so head stays put
        BufferPool pool = new BufferPool(64, 16, 0);
        OutboundBuffer out = new OutboundBuffer(pool, 512);
        byte[] a = new byte[first];
        for (int i = 0; i < first; i++) a[i] = (byte) i;
        assertThat(out.put(a, 0, first, false)).isTrue();
        Sink sink = new Sink(drained);
        assertThat(out.flushTo(sink)).isFalse();
        int n = Math.min(second, out.room(false));
        ByteBuffer b = ByteBuffer.allocateDirect(n + 3);
        for (int i = 0; i < n + 3; i++) b.put(i, (byte) (100 + i));
        b.position(3);
        assertThat(out.put(b, false)).isTrue();
        assertThat(b.hasRemaining()).isFalse();
        assertThat(out.size()).isEqualTo(first - drained + n);
        sink.limit = Integer.MAX_VALUE;
        assertThat(out.flushTo(sink)).isTrue();
        byte[] expected = new byte[first + n];
        System.arraycopy(a, 0, expected, 0, first);
        for (int i = 0; i < n; i++) expected[first + i] = (byte) (103 + i);
        assertThat(sink.bytes.toByteArray()).isEqualTo(expected);
        assertThat(pool.inUse()).as("chunks back in the pool").isZero();
        assertThat(out.chunksHeld()).isZero();
    }

    /** Nothing beyond the limit or the pool's budget is queued, and a refused put queues nothing. */
    @Property(tries = 200)
    void outboundBufferStaysWithinLimitAndBudget(@ForAll @IntRange(min = 1, max = 2000) int len,
                                                 @ForAll @IntRange(min = 0, max = 3) int reserve) {
        BufferPool pool = new BufferPool(64, 8, reserve);
        OutboundBuffer out = new OutboundBuffer(pool, 0);
        assertThat(out.room(true)).as("no media before raise").isZero();
        assertThat(out.raise(1000, 0)).isTrue();
        int room = out.room(true);
        assertThat(room).isEqualTo(Math.min(1000, (8 - reserve) * 64));
        boolean queued = out.put(new byte[len], 0, len, true);
        assertThat(queued).isEqualTo(len <= room);
        assertThat(out.size()).isEqualTo(queued ? len : 0);
        assertThat(pool.inUse()).isEqualTo(queued ? (len + 63) / 64 : 0);
        out.release();
        assertThat(pool.inUse()).isZero();
        assertThat(pool.spare()).isEqualTo(8);
    }

    /**
     * Media never takes the responses' allowance: however much media a client leaves unread, an
     * answer as long as the allowance still fits behind it (a PAUSE or TEARDOWN sent while the client
     * stopped reading media is answered, not met with a closed connection).
     */
    @Property(tries = 200)
    void aResponseFitsBehindAFullMediaBacklog(@ForAll @IntRange(min = 1, max = 300) int packet,
                                             @ForAll @IntRange(min = 1, max = 256) int response) {
        BufferPool pool = new BufferPool(64, 64, 4);
        OutboundBuffer out = new OutboundBuffer(pool, 256);
        assertThat(out.raise(2048, 1)).isTrue();
        byte[] media = new byte[packet];
        while (out.put(media, 0, packet, true)) { /* a client that reads nothing */ }
        assertThat(out.size()).isLessThanOrEqualTo(2048);
        assertThat(out.room(true)).isLessThan(packet);
        assertThat(out.put(new byte[response], 0, response, false)).as("response behind %d media bytes", out.size()).isTrue();
        assertThat(out.size()).isLessThanOrEqualTo(out.limit());
        out.lower();
        assertThat(out.room(true)).as("no media after lower").isZero();
        out.release();
        assertThat(pool.inUse()).isZero();
    }

    /** Takes at most {@code limit} bytes in all, then nothing (a full socket). */
    private static final class Sink implements java.nio.channels.WritableByteChannel {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int limit;

        Sink(int limit) {
            this.limit = limit;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), limit - bytes.size());
            for (int i = 0; i < n; i++) bytes.write(src.get());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
