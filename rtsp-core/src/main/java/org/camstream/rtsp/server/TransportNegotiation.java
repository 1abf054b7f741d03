package org.camstream.rtsp.server;

import java.util.BitSet;
import java.util.List;
import org.camstream.rtsp.headers.TransportHeader;

/**
 * Which of a SETUP's transport specs (RFC 2326 §12.39, in the client's order of preference) this
 * server serves, and on which interleaved channels. A spec it cannot serve is skipped; when none is
 * left the SETUP is answered 461 Unsupported Transport (§11.3.12: the requested Transport is not
 * supported). Served: unicast RTP/AVP for PLAY, over
 * <ul>
 * <li>TCP interleaved (§10.12): the channel is one byte, so 0-255 only. A client naming channels gets
 *     them when both are free on this connection and distinct (one for RTP, one for RTCP); a client
 *     naming none gets the lowest free even/odd pair. Channels taken by another session of the
 *     connection, or a client pair that repeats a channel, skip the spec (an RTCP channel shared
 *     with another session's RTP would mix the streams).</li>
 * <li>UDP with {@code client_port} (§12.39): media goes to the requester's own address, so only the
 *     ports are the client's choice; both must be at least {@value #MIN_CLIENT_PORT}. Ports below are
 *     the System Ports (RFC 6335 §6: echo, chargen, DNS, ...), never an RTP receiver's, and a server
 *     streaming to them reflects traffic at a service of the requester's host (or of every host
 *     behind the requester's NAT). Ports 0 and above 65535 are already 461 in {@link TransportHeader}.
 *     An odd RTP port, or an RTCP port other than RTP + 1, is accepted: RFC 3550 §11 says an RTP
 *     receiver SHOULD use an even port and the next odd one for RTCP, a recommendation to the
 *     receiver, and refusing its choice would protect nothing (any port it may name is equally
 *     reachable).</li>
 * </ul>
 *
 * <p>Stateless; the caller passes the channels its connection already uses.
 */
final class TransportNegotiation {
    /** RFC 2326 §10.12: the channel identifier is a single byte. */
    static final int MAX_CHANNEL = 255;
    /** The first port above RFC 6335 §6's System Ports. */
    static final int MIN_CLIENT_PORT = 1024;

    /** The spec served and, for TCP, its channels. Immutable. */
    static final class Choice {
        final TransportHeader.Spec spec;
        /** TCP: the channels to use (the client's, or free ones); null for UDP. */
        final TransportHeader.PortRange channels;

        Choice(TransportHeader.Spec spec, TransportHeader.PortRange channels) {
            this.spec = spec;
            this.channels = channels;
        }
    }

    private TransportNegotiation() {
    }

    /**
     * @param specs the client's specs, most preferred first
     * @param usedChannels interleaved channels of the connection's other sessions
     * @return the first spec served, or null: answer 461
     */
    static Choice choose(List<TransportHeader.Spec> specs, BitSet usedChannels) {
        for (TransportHeader.Spec spec : specs) {
            if (spec.multicast() || spec.mode() != TransportHeader.Mode.PLAY) continue;
            if (!"RTP".equals(spec.protocol()) || !"AVP".equals(spec.profile())) continue;
            if (spec.lowerTransport() == TransportHeader.LowerTransport.TCP) {
                TransportHeader.PortRange channels = channels(spec.interleaved(), usedChannels);
                if (channels != null) return new Choice(spec, channels);
            } else if (clientPortsServed(spec.clientPort())) {
                return new Choice(spec, null);
            }
        }
        return null;
    }

    /**
     * @param requested the client's {@code interleaved=} pair, or null to pick one
     * @return the channels to use, or null when the request cannot be served
     */
    static TransportHeader.PortRange channels(TransportHeader.PortRange requested, BitSet used) {
        if (requested == null) {
            for (int rtp = 0; rtp < MAX_CHANNEL; rtp += 2) {
                if (!used.get(rtp) && !used.get(rtp + 1)) return new TransportHeader.PortRange(rtp, rtp + 1);
            }
            return null;
        }
        int rtp = requested.rtp();
        int rtcp = requested.rtcp();
        if (rtp < 0 || rtp > MAX_CHANNEL || rtcp < 0 || rtcp > MAX_CHANNEL || rtp == rtcp) return null;
        if (used.get(rtp) || used.get(rtcp)) return null;
        return requested;
    }

    /** UDP unicast needs client ports (§12.39), both outside the System Ports. */
    static boolean clientPortsServed(TransportHeader.PortRange ports) {
        return ports != null && ports.rtp() >= MIN_CLIENT_PORT && ports.rtcp() >= MIN_CLIENT_PORT
                && ports.rtp() <= 0xFFFF && ports.rtcp() <= 0xFFFF;
    }
}
