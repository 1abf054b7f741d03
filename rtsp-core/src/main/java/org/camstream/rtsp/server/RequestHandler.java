package org.camstream.rtsp.server;

import java.util.Collections;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.camstream.rtp.RtcpFormatException;
import org.camstream.rtp.RtcpInfo;
import org.camstream.rtp.RtcpParser;
import org.camstream.rtsp.auth.Authenticator;
import org.camstream.rtsp.auth.ConnectionNonces;
import org.camstream.rtsp.headers.RangeHeader;
import org.camstream.rtsp.headers.RtpInfoHeader;
import org.camstream.rtsp.headers.SessionHeader;
import org.camstream.rtsp.headers.TransportHeader;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.session.Session;
import org.camstream.rtsp.stream.Stream;
import org.camstream.rtsp.transport.MediaSink;
import org.camstream.rtsp.transport.TcpInterleavedTransport;
import org.camstream.rtsp.transport.UdpTransport;
import org.camstream.rtsp.wire.InterleavedFrame;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspHeaders;
import org.camstream.rtsp.wire.RtspMethod;
import org.camstream.rtsp.wire.RtspRequest;
import org.camstream.rtsp.wire.RtspResponse;
import org.camstream.rtsp.wire.RtspStatus;
import org.camstream.rtsp.wire.StreamUri;

/**
 * The RTSP 1.0 method semantics (RFC 2326 §10) for live streams at their paths, each with one video
 * track: what each request means and what is answered. A request names its stream by path or alias
 * (an unknown path is 404, RFC 2326 §7.1.1); a session belongs to the stream it was set up for. Session state changes are {@link Session}'s transitions, which
 * check the state themselves; the wire format lives in {@code wire} and {@code headers}. The listener
 * of every connection: it also hears their close, once each.
 *
 * <p>Thread: event loop only.
 */
final class RequestHandler implements RtspConnection.Listener {
    static final String TRACK_CONTROL = "trackID=0";
    static final String SERVER_NAME = "camstream/0.1";
    /** RFC 2326 §12.23: the methods this server implements, answered to OPTIONS and with 501. */
    static final String PUBLIC_METHODS = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

    /**
     * How long a DESCRIBE may wait for the stream's first SPS and PPS: the SDP's
     * sprop-parameter-sets (RFC 6184 §8.1) is what some decoders (hardware ones, WebRTC gateways)
     * start from, so an answer without it is worth a short wait while the producer, asked for an
     * IDR, sends one. After the wait the answer goes out without them (the in-band ones still come).
     */
    static final long PARAMETER_SET_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ServerContext context;
    private final Log log;
    private final SecureRandom random = new SecureRandom();
    /** DESCRIBEs waiting for their stream's parameter sets, oldest first: at most one per connection (a held
     *  request stops its connection's input), so bounded by maxConnections; usually none. */
    private final ArrayList<HeldDescribe> held = new ArrayList<>(2);

    /** A DESCRIBE answered later: what its answer needs, resolved when it came, and until when it waits. */
    private static final class HeldDescribe {
        final RtspConnection conn;
        final RtspRequest request;
        final Stream stream;
        final String path;
        final long untilNanos;

        HeldDescribe(RtspConnection conn, RtspRequest request, Stream stream, String path, long untilNanos) {
            this.conn = conn;
            this.request = request;
            this.stream = stream;
            this.path = path;
            this.untilNanos = untilNanos;
        }
    }

    RequestHandler(ServerContext context) {
        this.context = context;
        this.log = context.log.forClass(RequestHandler.class);
    }

    @Override
    public void request(RtspConnection conn, RtspRequest request, long nowNanos) {
        java.util.function.Consumer<RtspRequest> hook = context.requestHook;
        if (hook != null) hook.accept(request);
        RtspResponse response;
        String cseq = request.cseq();
        if (cseq == null) {
            response = new RtspResponse(RtspStatus.BAD_REQUEST); // RFC 2326 §12.17: CSeq is mandatory
        } else {
            try {
                response = dispatch(conn, request, nowNanos);
                if (response == null) return; // held: answered by answerHeld
            } catch (RtspException e) {
                log.debug("{0} {1}: {2}", request.methodToken(), e.status(), e.getMessage());
                response = new RtspResponse(e.status());
            }
            response.header(RtspHeaders.CSEQ, cseq);
        }
        answer(conn, response);
    }

    private static void answer(RtspConnection conn, RtspResponse response) {
        response.header(RtspHeaders.SERVER, SERVER_NAME);
        conn.send(response);
    }

    private RtspResponse dispatch(RtspConnection conn, RtspRequest request, long nowNanos) throws RtspException {
        RtspMethod method = request.method();
        if (method == null) {
            return notImplemented(); // RFC 2326 §7.1.1: 501, with Public listing what we do implement
        }
        String user = null;
        if (context.authenticator != null && method != RtspMethod.OPTIONS) {
            // RFC 2326 §12.5 / RFC 7235 §3.1: everything but OPTIONS needs credentials.
            long nowMillis = context.clock.currentTimeMillis();
            // Digest nonces are bound to the connection and counted on it (RFC 7616 §3.4, §5.12).
            ConnectionNonces nonces = conn.digestNonces(context.authenticator);
            Authenticator.Result auth = context.authenticator.authenticate(request.methodToken(), request.uri(),
                    request.header(RtspHeaders.AUTHORIZATION), nowMillis, nonces);
            if (auth.badRequest()) {
                return new RtspResponse(RtspStatus.BAD_REQUEST); // malformed credentials (Authenticator)
            }
            if (!auth.ok()) {
                RtspResponse challenge = new RtspResponse(RtspStatus.UNAUTHORIZED);
                for (String c : context.authenticator.challenges(nowMillis, auth.stale(), nonces)) {
                    challenge.header(RtspHeaders.WWW_AUTHENTICATE, c);
                }
                return challenge;
            }
            user = auth.user();
        }
        String require = request.header(RtspHeaders.REQUIRE);
        if (require != null) {
            return optionNotSupported(require);
        }
        StreamUri.Target resolved = StreamUri.resolve(request.uri(), TRACK_CONTROL);
        StreamUri.Kind target = resolved.kind();
        if (target == StreamUri.Kind.NOT_FOUND) {
            return new RtspResponse(RtspStatus.NOT_FOUND);
        }
        Stream stream = resolved.path() == null ? null : context.streams.find(resolved.path());
        if (stream == null && target != StreamUri.Kind.ANY) {
            return new RtspResponse(RtspStatus.NOT_FOUND); // no stream at this path
        }
        if (target == StreamUri.Kind.ANY && method != RtspMethod.OPTIONS) {
            return new RtspResponse(RtspStatus.BAD_REQUEST); // '*' is only meaningful for OPTIONS (§6.1)
        }
        Session session = null;
        String sessionHeader = request.header(RtspHeaders.SESSION);
        if (sessionHeader != null) {
            session = context.sessions.get(SessionHeader.parse(sessionHeader).id());
            if (session == null || session.sink().interleaved() && !conn.owns(session)
                    || !Objects.equals(session.user(), user)) {
                // §11.3.5; a session is controlled only by the user who created it, and another
                // user's session is reported as absent rather than forbidden, so ids are not probed.
                throw new RtspException.SessionNotFound("no session " + sessionHeader + " for this client");
            }
            session.touch(nowNanos);
        }
        switch (method) {
            case OPTIONS:
                return new RtspResponse(RtspStatus.OK).header(RtspHeaders.PUBLIC, PUBLIC_METHODS);
            case DESCRIBE:
                if (target == StreamUri.Kind.AGGREGATE && !stream.hasParameterSets()) {
                    stream.requestKeyframe(); // its IDR brings SPS and PPS
                    conn.hold();
                    held.add(new HeldDescribe(conn, request, stream, resolved.path(),
                            nowNanos + PARAMETER_SET_WAIT_NANOS));
                    return null;
                }
                return describe(conn, request, target, stream, resolved.path());
            case SETUP:
                return setup(conn, request, target, stream, session, user, nowNanos);
            case PLAY:
                return play(request, resolved.path(), requireSession(session, method), nowNanos);
            case PAUSE:
                return pause(requireSession(session, method));
            case TEARDOWN:
                return teardown(requireSession(session, method));
            case GET_PARAMETER:
                return keepAlive(session, method);
            case SET_PARAMETER:
                return request.body().length > 0
                        ? new RtspResponse(RtspStatus.PARAMETER_NOT_UNDERSTOOD) // §10.9: no settable parameters
                        : keepAlive(session, method);
            default:
                return notImplemented(); // ANNOUNCE, RECORD, REDIRECT: serving only
        }
    }

    private static Session requireSession(Session session, RtspMethod method) throws RtspException {
        if (session == null) throw new RtspException.SessionNotFound(method.token() + " without a Session header");
        return session;
    }

    /**
     * RFC 2326 §12.32: a Require naming options the server lacks is answered 551 with the tags in
     * Unsupported (§12.40). This server implements no option tag (e.g. go2rtc's
     * {@code www.onvif.org/ver20/backchannel} probe), so every tag listed is unsupported; the client
     * retries without it. Other unknown headers are ignored (§12).
     */
    private static RtspResponse optionNotSupported(String require) {
        StringBuilder tags = new StringBuilder();
        for (String tag : require.split(",")) {
            String t = tag.trim();
            if (t.isEmpty()) continue;
            if (tags.length() > 0) tags.append(", ");
            tags.append(t);
        }
        RtspResponse r = new RtspResponse(RtspStatus.OPTION_NOT_SUPPORTED);
        return tags.length() == 0 ? r : r.header(RtspHeaders.UNSUPPORTED, tags.toString());
    }

    private static RtspResponse notImplemented() {
        return new RtspResponse(RtspStatus.NOT_IMPLEMENTED).header(RtspHeaders.PUBLIC, PUBLIC_METHODS);
    }

    /**
     * Loop pass: answers each held DESCRIBE whose stream now knows its parameter sets, or whose wait
     * is over, then lets that connection's later requests through. Nothing to do, and no allocation,
     * while none is held.
     */
    void answerHeld(long nowNanos) {
        for (int i = 0; i < held.size(); ) {
            HeldDescribe h = held.get(i);
            if (!h.conn.isClosed() && !h.stream.hasParameterSets() && nowNanos - h.untilNanos < 0) {
                i++;
                continue;
            }
            held.remove(i);
            if (h.conn.isClosed()) continue;
            RtspResponse response = describe(h.conn, h.request, StreamUri.Kind.AGGREGATE, h.stream, h.path);
            answer(h.conn, response.header(RtspHeaders.CSEQ, h.request.cseq()));
            h.conn.release(nowNanos);
        }
    }

    /** RFC 2326 §10.2; Content-Base per §C.1.1 so relative a=control URLs resolve. */
    private RtspResponse describe(RtspConnection conn, RtspRequest request, StreamUri.Kind target, Stream stream,
                                  String path) {
        if (target != StreamUri.Kind.AGGREGATE) {
            return new RtspResponse(RtspStatus.NOT_FOUND);
        }
        String address = conn.local().getAddress().getHostAddress();
        String sdp = stream.sessionDescription(context.sdpSessionId, address, TRACK_CONTROL);
        return new RtspResponse(RtspStatus.OK)
                .header(RtspHeaders.CONTENT_BASE, StreamUri.baseUri(request.uri(), path))
                .body("application/sdp", sdp.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 2326 §10.4 and §12.39. */
    private RtspResponse setup(RtspConnection conn, RtspRequest request, StreamUri.Kind target, Stream stream,
                               Session existing, String user, long nowNanos) throws RtspException {
        if (target == StreamUri.Kind.AGGREGATE) {
            // One track; clients must SETUP its control URL (§C.1.1); the aggregate is not a stream.
            return new RtspResponse(RtspStatus.AGGREGATE_OPERATION_NOT_ALLOWED);
        }
        if (existing != null) {
            existing.check(RtspMethod.SETUP); // 455: changing the transport of a set-up session is not supported
        }
        String transportValue = request.header(RtspHeaders.TRANSPORT);
        if (transportValue == null) {
            return new RtspResponse(RtspStatus.UNSUPPORTED_TRANSPORT);
        }
        TransportNegotiation.Choice choice = TransportNegotiation.choose(
                TransportHeader.parse(transportValue).specs(), interleavedChannels(conn));
        if (choice == null) {
            return new RtspResponse(RtspStatus.UNSUPPORTED_TRANSPORT); // §11.3.12; the rules in TransportNegotiation
        }
        TransportHeader.Spec chosen = choice.spec;
        if (context.sessions.full() || stream.full()
                || conn.sessionCount() >= context.config.maxSessionsPerConnection
                || context.sessionsFrom(conn.remote().getAddress()) >= context.config.maxSessionsPerAddress) {
            return new RtspResponse(RtspStatus.NOT_ENOUGH_BANDWIDTH); // §11.3.4: server, stream, connection or address limit
        }
        Session session = new Session(context.sessions.newId(random), user, random.nextInt(), random.nextInt(),
                random.nextInt(), nowNanos);
        MediaSink sink;
        if (chosen.lowerTransport() == TransportHeader.LowerTransport.TCP) {
            int rtpChannel = choice.channels.rtp();
            int rtcpChannel = choice.channels.rtcp();
            if (!conn.enableInterleaved(context.interleavedBacklogBytes, context.interleavedPromiseChunks)) {
                // The server's budget of queued bytes is promised to others (§11.3.4, like the client limit).
                return new RtspResponse(RtspStatus.NOT_ENOUGH_BANDWIDTH);
            }
            sink = new TcpInterleavedTransport(conn, rtpChannel, rtcpChannel, context.interleavedBacklogBytes);
        } else {
            // Media goes to the address the RTSP request came from: a Transport destination= naming
            // another host would turn the server into a traffic reflector (RFC 2326 §12.39, §16).
            InetSocketAddress rtp = new InetSocketAddress(conn.remote().getAddress(), chosen.clientPort().rtp());
            InetSocketAddress rtcp = new InetSocketAddress(conn.remote().getAddress(), chosen.clientPort().rtcp());
            sink = new UdpTransport(context.udp, rtp, rtcp, context.log.forClass(UdpTransport.class));
        }
        session.setUp(sink);
        context.addSession(session, stream);
        conn.adopt(session);
        String transport = session.transportHeader();
        log.info("session {0} set up for {1} on {2}: {3}", session.id(), conn.remote(), stream.path(), transport);
        return new RtspResponse(RtspStatus.OK)
                .header(RtspHeaders.TRANSPORT, transport)
                .header(RtspHeaders.SESSION, sessionValue(session));
    }

    /** The §10.12 channels this connection's sessions already use. */
    private static BitSet interleavedChannels(RtspConnection conn) {
        BitSet used = new BitSet(TransportNegotiation.MAX_CHANNEL + 1);
        for (Session s : conn.sessions()) {
            if (s.sink() instanceof TcpInterleavedTransport) {
                used.set(((TcpInterleavedTransport) s.sink()).rtpChannel());
                used.set(((TcpInterleavedTransport) s.sink()).rtcpChannel());
            }
        }
        return used;
    }

    /** RFC 2326 §10.5; RTP-Info (§12.33) lets the client map the first timestamp to the stream time. */
    private RtspResponse play(RtspRequest request, String path, Session session, long nowNanos)
            throws RtspException {
        String range = request.header(RtspHeaders.RANGE);
        if (range != null) {
            RangeHeader.parse(range); // 457 for units we cannot serve; a live stream always plays from now
        }
        Stream stream = context.streamOf(session);
        if (session.play()) {
            context.playingChanged(session);
            stream.requestKeyframe();
        }
        int rtptime = session.timestampOffset() + stream.rtpTimestamp(nowNanos);
        // The track URL under the path (or alias) the client used for this session's stream.
        String base = path != null && context.streams.find(path) == stream ? path : stream.path();
        String trackUrl = StreamUri.baseUri(request.uri(), base) + TRACK_CONTROL;
        return new RtspResponse(RtspStatus.OK)
                .header(RtspHeaders.SESSION, sessionValue(session))
                .header(RtspHeaders.RANGE, RangeHeader.LIVE.format())
                .header(RtspHeaders.RTP_INFO, new RtpInfoHeader(Collections.singletonList(RtpInfoHeader.Entry.of(trackUrl,
                        session.nextSequence(), rtptime & 0xffff_ffffL))).format());
    }

    /** RFC 2326 §10.6. */
    private RtspResponse pause(Session session) throws RtspException {
        if (session.pause()) context.playingChanged(session);
        return new RtspResponse(RtspStatus.OK).header(RtspHeaders.SESSION, sessionValue(session));
    }

    /** RFC 2326 §10.7. */
    private RtspResponse teardown(Session session) throws RtspException {
        session.check(RtspMethod.TEARDOWN);
        context.endSession(session, "TEARDOWN");
        return new RtspResponse(RtspStatus.OK);
    }

    /** GET_PARAMETER / empty SET_PARAMETER: keep-alives (RFC 2326 §10.8); the session was touched above. */
    private RtspResponse keepAlive(Session session, RtspMethod method) throws RtspException {
        RtspResponse r = new RtspResponse(RtspStatus.OK);
        if (session != null) {
            session.check(method);
            r.header(RtspHeaders.SESSION, sessionValue(session));
        }
        return r;
    }

    private String sessionValue(Session session) {
        return session.id() + ";timeout=" + context.config.sessionTimeoutSeconds;
    }

    /** RTCP (and anything else) a client sends interleaved on its connection. */
    @Override
    public void interleaved(RtspConnection conn, InterleavedFrame frame, long nowNanos) {
        for (Session s : conn.sessions()) {
            if (s.sink() instanceof TcpInterleavedTransport
                    && ((TcpInterleavedTransport) s.sink()).rtcpChannel() == frame.channel()) {
                s.touch(nowNanos);
                rtcpFromClient(s, frame.data(), 0, frame.data().length);
            }
        }
    }

    /**
     * RFC 3550 §6.4.2 receiver reports keep a session alive; PLI/FIR ask for an IDR (RFC 4585 §6.3.1,
     * RFC 5104 §4.3.1), honoured only from a playing session for its own SSRC and rate-limited per
     * stream ({@link Stream#keyframeFeedback}); a BYE (RFC 3550 §6.6) stops sending to the session
     * ({@link Session#rtcpBye}). The caller matched the packet to the session by its source: the
     * session's RTCP address (UDP) or channel on its own connection (TCP-interleaved).
     */
    void rtcpFromClient(Session session, byte[] buf, int off, int len) {
        try {
            RtcpInfo info = RtcpParser.parse(buf, off, len);
            if (info.pictureLossIndication() || info.fullIntraRequest()) {
                Stream stream = context.streamOf(session);
                if (stream != null) stream.keyframeFeedback(session, info.keyframeRequestedFor(session.ssrc()));
            }
            if (info.bye() && session.rtcpBye()) {
                context.playingChanged(session);
                log.info("session {0} stopped playing: RTCP BYE", session.id());
            }
        } catch (RtcpFormatException e) {
            log.debug("malformed RTCP from session {0}: {1}", session.id(), e.getMessage());
        }
    }

    @Override
    public void closed(RtspConnection conn) {
        context.connectionClosed(conn);
    }
}
