package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.camstream.rtsp.headers.TransportHeader;
import org.junit.jupiter.api.Test;

/** Issue 10 Low 8 (interleaved channels fit a byte, RFC 2326 §10.12) and Low 13 (no System Ports for UDP). */
class TransportNegotiationTest {

    private static TransportNegotiation.Choice choose(String transport, int... used) throws Exception {
        BitSet u = new BitSet();
        for (int c : used) u.set(c);
        return TransportNegotiation.choose(TransportHeader.parse(transport).specs(), u);
    }

    private static String channels(String transport, int... used) throws Exception {
        TransportNegotiation.Choice c = choose(transport, used);
        return c == null ? "461" : String.valueOf(c.channels);
    }

    @Test
    void unaskedChannelsAreTheLowestFreePairWithinAByte() throws Exception {
        assertThat(channels("RTP/AVP/TCP;unicast")).isEqualTo("0-1");
        assertThat(channels("RTP/AVP/TCP;unicast", 0, 1)).isEqualTo("2-3");
        // The finding: after 254-255 the next SETUP was offered 256-257 (sent on channel 0).
        assertThat(channels("RTP/AVP/TCP;unicast", 254, 255)).isEqualTo("0-1");
        assertThat(channels("RTP/AVP/TCP;unicast", 0, 1, 254, 255)).isEqualTo("2-3");
        assertThat(channels("RTP/AVP/TCP;unicast", 1)).as("a pair half taken is skipped").isEqualTo("2-3");
        BitSet all = new BitSet();
        all.set(0, 254);
        assertThat(TransportNegotiation.channels(null, all)).hasToString("254-255");
        all.set(254);
        assertThat(TransportNegotiation.channels(null, all)).as("no free pair left").isNull();
    }

    @Test
    void askedChannelsMustBeFreeDistinctAndWithinAByte() throws Exception {
        assertThat(channels("RTP/AVP/TCP;unicast;interleaved=254-255")).isEqualTo("254-255");
        assertThat(channels("RTP/AVP/TCP;unicast;interleaved=254-255", 254, 255)).isEqualTo("461");
        assertThat(channels("RTP/AVP/TCP;unicast;interleaved=1-2", 0, 1)).isEqualTo("461");
        assertThat(channels("RTP/AVP/TCP;unicast;interleaved=3-3")).isEqualTo("461");
        assertThat(channels("RTP/AVP/TCP;unicast;interleaved=7-4")).as("any distinct pair").isEqualTo("7-4");
        assertThat(channels("RTP/AVP/TCP;unicast;interleaved=5")).isEqualTo("5-6");
        assertThat(TransportNegotiation.channels(new TransportHeader.PortRange(255, 256), new BitSet())).isNull();
        assertThat(TransportNegotiation.channels(new TransportHeader.PortRange(256, 257), new BitSet())).isNull();
        // A taken pair skips to the client's next spec.
        assertThat(channels("RTP/AVP/TCP;unicast;interleaved=0-1,RTP/AVP/TCP;unicast", 0, 1)).isEqualTo("2-3");
    }

    @Test
    void udpClientPortsBelow1024AreRefused() throws Exception {
        assertThat(choose("RTP/AVP;unicast;client_port=1-2")).isNull();
        assertThat(choose("RTP/AVP;unicast;client_port=7")).as("echo").isNull();
        assertThat(choose("RTP/AVP;unicast;client_port=1022-1023")).isNull();
        assertThat(choose("RTP/AVP;unicast;client_port=1023-1024")).isNull();
        assertThat(choose("RTP/AVP;unicast;client_port=5000-1000")).as("RTCP port too").isNull();
        assertThat(choose("RTP/AVP;unicast;client_port=1024-1025").spec.clientPort()).hasToString("1024-1025");
        assertThat(choose("RTP/AVP;unicast;client_port=65534-65535")).isNotNull();
        // RFC 3550 §11 is a SHOULD for the receiver: an odd RTP port is its own choice.
        assertThat(choose("RTP/AVP;unicast;client_port=5001-5002")).isNotNull();
        assertThat(TransportNegotiation.clientPortsServed(new TransportHeader.PortRange(65535, 65536))).isFalse();
        assertThat(TransportNegotiation.clientPortsServed(null)).isFalse();
        TransportNegotiation.Choice fallback = choose("RTP/AVP;unicast;client_port=53-54,RTP/AVP/TCP;unicast");
        assertThat(fallback.spec.lowerTransport()).isEqualTo(TransportHeader.LowerTransport.TCP);
        assertThat(fallback.channels).hasToString("0-1");
    }

    @Test
    void otherSpecsAreNotServed() throws Exception {
        assertThat(choose("RTP/AVP;multicast;destination=224.2.0.1;ttl=16")).isNull();
        assertThat(choose("RTP/AVP/TCP;unicast;interleaved=0-1;mode=record")).isNull();
        assertThat(choose("RTP/AVP;unicast;client_port=5000-5001;mode=record,RTP/AVP;unicast;client_port=6000-6001")
                .spec.clientPort()).hasToString("6000-6001");
    }
}
