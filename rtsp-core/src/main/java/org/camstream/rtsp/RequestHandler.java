package org.camstream.rtsp;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.camstream.rtp.RtcpFormatException;
import org.camstream.rtp.RtcpInfo;
import org.camstream.rtp.RtcpParser;
import org.camstream.sdp.SessionDescription;

/**
 * The RTSP 1.0 method semantics (RFC 2326 §10) for one live stream with one video track, and the
 * session state machine (RFC 2326 Appendix A). Answers are built here; the wire format lives in
 * {@link RtspResponse} and the typed header classes.
 *
 * <p>Thread: event loop only.
 */
final class RequestHandler {
    private static final Logger LOG = System.getLogger(RequestHandler.class.getName());
    static final String TRACK_CONTROL = "trackID=0";
    static final String SERVER_NAME = "camstream/0.1";
    /** RFC 2326 §12.23: the methods this server implements, answered to OPTIONS and with 501. */
    static final String PUBLIC_METHODS = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

    private final ServerContext context;
    private final SecureRandom random = new SecureRandom();

    RequestHandler(ServerContext context) {
        this.context = context;
    }

    void handle(RtspConnection conn, RtspRequest request, long nowNanos) {
        RtspResponse response;
        String cseq = request.cseq();
        if (cseq == null) {
            response = new RtspResponse(RtspStatus.BAD_REQUEST); // RFC 2326 §12.17: CSeq is mandatory
        } else {
            try {
                response = dispatch(conn, request, nowNanos);
            } catch (HeaderFormatException e) {
                LOG.log(Level.DEBUG, "{0} {1}: {2}", request.methodToken(), e.status(), e.getMessage());
                response = new RtspResponse(e.status());
            }
            response.header(RtspHeaders.CSEQ, cseq);
        }
        response.header(RtspHeaders.SERVER, SERVER_NAME);
        conn.send(response);
    }

    private RtspResponse dispatch(RtspConnection conn, RtspRequest request, long nowNanos)
            throws HeaderFormatException {
        RtspMethod method = request.method();
        if (method == null) {
            return notImplemented(); // RFC 2326 §7.1.1: 501, with Public listing what we do implement
        }
        String user = null;
        if (context.authenticator != null && method != RtspMethod.OPTIONS) {
            // RFC 2326 §12.5 / RFC 7235 §3.1: everything but OPTIONS needs credentials.
            long nowMillis = System.currentTimeMillis();
            Authenticator.Result auth = context.authenticator.authenticate(request.methodToken(), request.uri(),
                    request.header(RtspHeaders.AUTHORIZATION), nowMillis);
            if (!auth.ok()) {
                RtspResponse challenge = new RtspResponse(RtspStatus.UNAUTHORIZED);
                for (String c : context.authenticator.challenges(nowMillis, auth.stale())) {
                    challenge.header(RtspHeaders.WWW_AUTHENTICATE, c);
                }
                return challenge;
            }
            user = auth.user();
        }
        StreamUri.Kind target = StreamUri.classify(request.uri(), TRACK_CONTROL).kind();
        if (target == StreamUri.Kind.NOT_FOUND) {
            return new RtspResponse(RtspStatus.NOT_FOUND);
        }
        if (target == StreamUri.Kind.ANY && method != RtspMethod.OPTIONS) {
            return new RtspResponse(RtspStatus.BAD_REQUEST); // '*' is only meaningful for OPTIONS (§6.1)
        }
        Session session = null;
        String sessionHeader = request.header(RtspHeaders.SESSION);
        if (sessionHeader != null) {
            session = context.sessions.get(SessionHeader.parse(sessionHeader).id());
            if (session == null || session.owner != conn && !(session.transport instanceof UdpTransport)
                    || !java.util.Objects.equals(session.user, user)) {
                // §11.3.5; a session is controlled only by the user who created it, and another
                // user's session is reported as absent rather than forbidden, so ids are not probed.
                return new RtspResponse(RtspStatus.SESSION_NOT_FOUND);
            }
            session.touch(nowNanos);
        }
        return switch (method) {
            case OPTIONS -> new RtspResponse(RtspStatus.OK).header(RtspHeaders.PUBLIC, PUBLIC_METHODS);
            case DESCRIBE -> describe(conn, request, target);
            case SETUP -> setup(conn, request, target, session, user, nowNanos);
            case PLAY -> play(request, target, session);
            case PAUSE -> pause(session);
            case TEARDOWN -> teardown(session);
            case GET_PARAMETER -> keepAlive(session);
            case SET_PARAMETER -> request.body().length > 0
                    ? new RtspResponse(RtspStatus.PARAMETER_NOT_UNDERSTOOD) // §10.9: we have no settable parameters
                    : keepAlive(session);
            case ANNOUNCE, RECORD, REDIRECT -> notImplemented(); // serving only, no RECORD (yet)
        };
    }

    private static RtspResponse notImplemented() {
        return new RtspResponse(RtspStatus.NOT_IMPLEMENTED).header(RtspHeaders.PUBLIC, PUBLIC_METHODS);
    }

    /** RFC 2326 §10.2; Content-Base per §C.1.1 so relative a=control URLs resolve. */
    private RtspResponse describe(RtspConnection conn, RtspRequest request, StreamUri.Kind target) {
        if (target != StreamUri.Kind.AGGREGATE) {
            return new RtspResponse(RtspStatus.NOT_FOUND);
        }
        ParameterSetCache ps = context.parameterSets;
        String address = conn.local.getAddress().getHostAddress();
        String sdp = SessionDescription.builder()
                .origin(context.sdpSessionId, context.sdpVersion(), address)
                .sessionName("camstream")
                .h264Track(FrameDistributor.PAYLOAD_TYPE, TRACK_CONTROL, ps.sps(), ps.pps(),
                        context.options.fps(), context.width, context.height)
                .build();
        return new RtspResponse(RtspStatus.OK)
                .header(RtspHeaders.CONTENT_BASE, StreamUri.baseUri(request.uri()))
                .body("application/sdp", sdp.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 2326 §10.4 and §12.39. */
    private RtspResponse setup(RtspConnection conn, RtspRequest request, StreamUri.Kind target, Session existing,
                               String user, long nowNanos) throws HeaderFormatException {
        if (target == StreamUri.Kind.AGGREGATE) {
            // One track; clients must SETUP its control URL (§C.1.1); the aggregate is not a stream.
            return new RtspResponse(RtspStatus.AGGREGATE_OPERATION_NOT_ALLOWED);
        }
        if (existing != null) {
            // §10.4: changing transport while playing is not supported here.
            return new RtspResponse(RtspStatus.METHOD_NOT_VALID_IN_THIS_STATE);
        }
        String transportValue = request.header(RtspHeaders.TRANSPORT);
        if (transportValue == null) {
            return new RtspResponse(RtspStatus.UNSUPPORTED_TRANSPORT);
        }
        TransportHeader.Spec chosen = null;
        for (TransportHeader.Spec spec : TransportHeader.parse(transportValue).specs()) {
            if (acceptable(spec)) {
                chosen = spec;
                break;
            }
        }
        if (chosen == null) {
            return new RtspResponse(RtspStatus.UNSUPPORTED_TRANSPORT);
        }
        if (context.sessions.full()) {
            return new RtspResponse(RtspStatus.NOT_ENOUGH_BANDWIDTH); // §11.3.4: client limit reached
        }
        String id = newSessionId();
        int ssrc = random.nextInt();
        Session session;
        if (chosen.lowerTransport() == TransportHeader.LowerTransport.TCP) {
            int rtpChannel = chosen.interleaved() != null ? chosen.interleaved().rtp() : nextFreeChannel(conn);
            int rtcpChannel = chosen.interleaved() != null ? chosen.interleaved().rtcp() : rtpChannel + 1;
            conn.enableInterleaved(context.interleavedBacklogBytes);
            MediaTransport t = new TcpInterleavedTransport(conn, rtpChannel, rtcpChannel,
                    context.interleavedBacklogBytes);
            session = new Session(id, conn, t, ssrc, random.nextInt(), random.nextInt(), nowNanos);
        } else {
            // Media goes to the address the RTSP request came from: a Transport destination= naming
            // another host would turn the server into a traffic reflector (RFC 2326 §12.39, §16).
            InetSocketAddress rtp = new InetSocketAddress(conn.remote.getAddress(), chosen.clientPort().rtp());
            InetSocketAddress rtcp = new InetSocketAddress(conn.remote.getAddress(), chosen.clientPort().rtcp());
            MediaTransport t = new UdpTransport(context.udp, rtp, rtcp);
            session = new Session(id, conn, t, ssrc, random.nextInt(), random.nextInt(), nowNanos);
        }
        session.user = user;
        context.sessions.add(session);
        conn.sessions.add(session);
        LOG.log(Level.INFO, "session {0} set up for {1}: {2}", id, conn.remote, session.transport.describe(session));
        return new RtspResponse(RtspStatus.OK)
                .header(RtspHeaders.TRANSPORT, session.transport.describe(session))
                .header(RtspHeaders.SESSION, sessionValue(session));
    }

    private static boolean acceptable(TransportHeader.Spec spec) {
        if (spec.multicast() || spec.mode() != TransportHeader.Mode.PLAY) return false;
        if (!"RTP".equals(spec.protocol()) || !"AVP".equals(spec.profile())) return false;
        if (spec.lowerTransport() == TransportHeader.LowerTransport.TCP) return true;
        return spec.clientPort() != null;
    }

    private static int nextFreeChannel(RtspConnection conn) {
        int channel = 0;
        for (Session s : conn.sessions) {
            if (s.transport instanceof TcpInterleavedTransport t) channel = Math.max(channel, t.rtcpChannel + 1);
        }
        return channel;
    }

    /** RFC 2326 §10.5; RTP-Info (§12.33) lets the client map the first timestamp to the stream time. */
    private RtspResponse play(RtspRequest request, StreamUri.Kind target, Session session)
            throws HeaderFormatException {
        if (session == null) {
            return new RtspResponse(RtspStatus.SESSION_NOT_FOUND);
        }
        String range = request.header(RtspHeaders.RANGE);
        if (range != null) {
            RangeHeader.parse(range); // 457 for units we cannot serve; a live stream always plays from now
        }
        if (!session.playing()) {
            session.state = Session.State.PLAYING;
            session.waitingForIdr = true;
            context.onPlayingCountChanged();
            context.options.keyframeRequest().run();
        }
        int rtptime = session.timestampOffset + context.distributor.rtpTimestamp(System.nanoTime());
        String trackUrl = StreamUri.baseUri(request.uri()) + TRACK_CONTROL;
        return new RtspResponse(RtspStatus.OK)
                .header(RtspHeaders.SESSION, sessionValue(session))
                .header(RtspHeaders.RANGE, RangeHeader.LIVE.format())
                .header(RtspHeaders.RTP_INFO, new RtpInfoHeader(List.of(
                        RtpInfoHeader.Entry.of(trackUrl, session.nextSequence, Integer.toUnsignedLong(rtptime)))).format());
    }

    /** RFC 2326 §10.6. */
    private RtspResponse pause(Session session) {
        if (session == null) {
            return new RtspResponse(RtspStatus.SESSION_NOT_FOUND);
        }
        if (session.playing()) {
            session.state = Session.State.READY;
            context.onPlayingCountChanged();
        }
        return new RtspResponse(RtspStatus.OK).header(RtspHeaders.SESSION, sessionValue(session));
    }

    /** RFC 2326 §10.7. */
    private RtspResponse teardown(Session session) {
        if (session == null) {
            return new RtspResponse(RtspStatus.SESSION_NOT_FOUND);
        }
        context.endSession(session, "TEARDOWN");
        return new RtspResponse(RtspStatus.OK);
    }

    /** GET_PARAMETER / empty SET_PARAMETER: keep-alives (RFC 2326 §10.8); the session was touched above. */
    private RtspResponse keepAlive(Session session) {
        RtspResponse r = new RtspResponse(RtspStatus.OK);
        if (session != null) r.header(RtspHeaders.SESSION, sessionValue(session));
        return r;
    }

    private String sessionValue(Session session) {
        return session.id + ";timeout=" + context.options.sessionTimeoutSeconds();
    }

    /** 64 random bits from SecureRandom (RFC 2326 §12.37: ids must be hard to guess). */
    private String newSessionId() {
        byte[] b = new byte[8];
        String id;
        do {
            random.nextBytes(b);
            id = HexFormat.of().withUpperCase().formatHex(b);
        } while (context.sessions.get(id) != null);
        return id;
    }

    /** RTCP (and anything else) a client sends interleaved on its connection. */
    void interleavedFrame(RtspConnection conn, InterleavedFrame frame, long nowNanos) {
        for (Session s : conn.sessions) {
            if (s.transport instanceof TcpInterleavedTransport t && t.rtcpChannel == frame.channel()) {
                s.touch(nowNanos);
                rtcpFromClient(s, frame.data(), 0, frame.data().length);
            }
        }
    }

    /** RFC 3550 §6.4.2 receiver reports keep a session alive; PLI/FIR ask for an IDR (RFC 4585, 5104). */
    void rtcpFromClient(Session session, byte[] buf, int off, int len) {
        try {
            RtcpInfo info = RtcpParser.parse(buf, off, len);
            if (info.pictureLossIndication() || info.fullIntraRequest()) {
                context.options.keyframeRequest().run();
            }
            if (info.bye()) {
                LOG.log(Level.DEBUG, "RTCP BYE from session {0}", session.id);
            }
        } catch (RtcpFormatException e) {
            LOG.log(Level.DEBUG, "malformed RTCP from session {0}: {1}", session.id, e.getMessage());
        }
    }

    void connectionClosed(RtspConnection conn) {
        context.closeConnection(conn);
    }
}
