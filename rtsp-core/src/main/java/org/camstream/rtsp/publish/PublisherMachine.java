package org.camstream.rtsp.publish;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.headers.SessionHeader;
import org.camstream.rtsp.headers.TransportHeader;

/**
 * The publisher's connection, as one state machine: every state, every transition and every answer to
 * a response code lives in this file. It does no I/O itself: it asks its {@link Io} to connect, write a
 * request, open UDP ports, start media and close, and it is told about connects, responses, I/O errors
 * and the passing of time ({@link #tick}). So tests drive it with a fake clock and a fake Io.
 *
 * <pre>
 * WAITING_FOR_STREAM --SPS/PPS seen--> CONNECTING --connected--> OPTIONS --200--> ANNOUNCE --200-->
 *   SETUP (mode=record) --200--> RECORD --200--> PUBLISHING (keepalive every timeout/2)
 * any failure --> RETRYING (backoff with jitter; 4xx and wrong credentials back off long) --> CONNECTING
 * stop() --> STOPPING (TEARDOWN) --answer or 2 s--> STOPPED
 * 401 --> the same request again with an answer to the challenge (once per challenge; stale nonces again)
 * 3xx --> CONNECTING to the Location (bounded)
 * </pre>
 *
 * Protocol: RFC 2326 §10.1 OPTIONS, §10.3 ANNOUNCE, §10.4 SETUP, §10.11 RECORD, §10.7 TEARDOWN,
 * §12.39 Transport {@code mode=record}, §12.37 Session timeout, §11.3 status codes, §10.8 GET_PARAMETER
 * as a keepalive. RFC 7826 §10.5 clarifies what RFC 2326 leaves open: a client keeps a session alive
 * with any request carrying the Session header, within the advertised timeout.
 *
 * <p>Thread: one owner (the publisher's loop thread, or a test). Not thread-safe.
 */
public final class PublisherMachine {


    /** What the machine asks of the network. Calls never block; failures come back as {@link #onIoError}. */
    public interface Io {
        /** Starts a non-blocking TCP connect; the driver later calls {@link #onConnected} or {@link #onIoError}. */
        void connect(String host, int port) throws IOException;

        /** Queues an encoded request on the connection. */
        void send(byte[] request);

        /** Opens the UDP pair for RTP/RTCP; returns the (even) RTP port, RTCP is the next one (RFC 3550 §11). */
        int openUdp() throws IOException;

        /**
         * Starts sending media: over TCP on the interleaved channels (RFC 2326 §10.12), or over UDP to the
         * server's ports. Starts at an IDR with SPS/PPS and calls the keyframe callback.
         */
        void startMedia(boolean tcp, int rtpChannelOrPort, int rtcpChannelOrPort) throws IOException;

        /** Stops media and closes the connection and the UDP sockets. Idempotent. */
        void closeConnection();
    }

    /** The stream's SDP for ANNOUNCE (RFC 2326 §10.3, Appendix C), or null until SPS and PPS are known. */
    public interface StreamDescription {
        String sdp();
    }

    /** Configuration of one publisher; durations in nanoseconds. */
    public static final class Config {
        public boolean tcp = true;
        public long connectTimeoutNanos = TimeUnit.SECONDS.toNanos(5);
        public long responseTimeoutNanos = TimeUnit.SECONDS.toNanos(10);
        public long retryMinNanos = TimeUnit.MILLISECONDS.toNanos(500);
        public long retryMaxNanos = TimeUnit.SECONDS.toNanos(30);
        /** First wait after a refusal (4xx, wrong credentials): retrying sooner would not change the answer. */
        public long refusedRetryMinNanos = TimeUnit.SECONDS.toNanos(15);
        public long refusedRetryMaxNanos = TimeUnit.MINUTES.toNanos(5);
        public int maxRedirects = 3;
        public String userAgent = "camstream";
    }

    /** The SDP track control; SETUP goes to {@code <ANNOUNCE URI>/streamid=0} (RFC 2326 Appendix C.1.1). */
    public static final String TRACK_CONTROL = "streamid=0";
    static final int RTP_CHANNEL = 0;
    static final int RTCP_CHANNEL = 1;
    /** RFC 2326 §12.37: a session without a stated timeout times out after 60 s. */
    static final long DEFAULT_SESSION_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** How long stop() waits for the TEARDOWN answer before closing anyway. */
    static final long TEARDOWN_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Stale-nonce re-challenges answered in a row before the credentials count as wrong. */
    private static final int MAX_AUTH_RETRIES = 3;

    private enum Failure { TRANSIENT, REFUSED }

    private final PublishTarget original;
    private final Config config;
    private final Io io;
    private final StreamDescription stream;
    private final PublisherCounters counters;
    private final ClientCredentials credentials;
    private final Backoff transientBackoff;
    private final Backoff refusedBackoff;

    private PublishTarget target;
    private PublishPhase phase = PublishPhase.WAITING_FOR_STREAM;
    private long deadline = Long.MAX_VALUE;
    private int cseq;
    /** The request awaiting its answer (-1: none), kept to send again with credentials. */
    private int pendingCseq = -1;
    private String pendingMethod;
    private String pendingUri;
    private String[] pendingHeaders;
    private byte[] pendingBody;
    private int authRetries;
    private boolean getParameterKeepalive;
    private String sessionId;
    private long keepaliveIntervalNanos;
    private long nextKeepalive = Long.MAX_VALUE;
    private int redirects;
    private int localRtpPort;
    private boolean failedBefore;

    public PublisherMachine(PublishTarget target, Config config, Io io, StreamDescription stream,
            PublisherCounters counters, Random random) {
        this.original = target;
        this.target = target;
        this.config = config;
        this.io = io;
        this.stream = stream;
        this.counters = counters;
        this.credentials = new ClientCredentials(target.user(), target.password(), new SecureRandom());
        this.transientBackoff = new Backoff(config.retryMinNanos, config.retryMaxNanos, random);
        this.refusedBackoff = new Backoff(config.refusedRetryMinNanos, config.refusedRetryMaxNanos, random);
    }

    public PublishPhase phase() {
        return phase;
    }

    /** Whether media may flow (RECORD answered 200). */
    public boolean publishing() {
        return phase == PublishPhase.PUBLISHING;
    }

    public boolean stopped() {
        return phase == PublishPhase.STOPPED;
    }

    /** The next time {@link #tick} has something to do (monotonic nanos), or Long.MAX_VALUE. */
    public long nextDeadline() {
        if (phase == PublishPhase.WAITING_FOR_STREAM) return Long.MAX_VALUE; // the next frame wakes the loop
        return Math.min(deadline, phase == PublishPhase.PUBLISHING && pendingCseq < 0 ? nextKeepalive : Long.MAX_VALUE);
    }

    /** Timers: connect and response timeouts, the end of a backoff, keepalives; and the stream becoming describable. */
    public void tick(long now) {
        switch (phase) {
            case WAITING_FOR_STREAM:
                if (stream.sdp() != null) connect(now);
                break;
            case CONNECTING:
                if (now - deadline >= 0) {
                    fail(now, Failure.TRANSIENT, "no TCP connection to " + target.host() + ":" + target.port()
                            + " within " + seconds(config.connectTimeoutNanos));
                }
                break;
            case OPTIONS:
            case ANNOUNCE:
            case SETUP:
            case RECORD:
                if (now - deadline >= 0) {
                    fail(now, Failure.TRANSIENT, "no answer to " + pendingMethod + " within "
                            + seconds(config.responseTimeoutNanos));
                }
                break;
            case PUBLISHING:
                if (pendingCseq >= 0 && now - deadline >= 0) {
                    fail(now, Failure.TRANSIENT, "keepalive " + pendingMethod + " not answered within "
                            + seconds(config.responseTimeoutNanos));
                } else if (pendingCseq < 0 && now - nextKeepalive >= 0) {
                    keepalive(now);
                }
                break;
            case RETRYING:
                if (now - deadline >= 0) {
                    counters.reconnects.incrementAndGet();
                    connect(now);
                }
                break;
            case STOPPING:
                if (now - deadline >= 0) finishStop();
                break;
            default:
                break;
        }
    }

    /** The TCP connection is up: RFC 2326 §10.1 OPTIONS first, to learn the methods the server takes. */
    public void onConnected(long now) {
        if (phase != PublishPhase.CONNECTING) return;
        enter(PublishPhase.OPTIONS);
        request(now, "OPTIONS", target.uri(), new String[0], null);
    }

    /** The connection failed or closed, or media could not be written. */
    public void onIoError(long now, String what) {
        switch (phase) {
            case STOPPING:
                finishStop();
                break;
            case CONNECTING:
            case OPTIONS:
            case ANNOUNCE:
            case SETUP:
            case RECORD:
            case PUBLISHING:
                fail(now, Failure.TRANSIENT, what);
                break;
            default:
                break; // nothing open: a late report from a closed connection
        }
    }

    /** One response from the server; matched to the pending request by CSeq (RFC 2326 §12.17). */
    public void onResponse(long now, ClientResponse r) {
        if (r.isServerRequest()) {
            answerServerRequest(r);
            return;
        }
        if (pendingCseq < 0 || r.cseq() != pendingCseq) {
            PublishLog.debug("ignoring " + r + " (CSeq " + r.cseq() + ", waiting for " + pendingCseq + ")");
            return;
        }
        pendingCseq = -1;
        deadline = Long.MAX_VALUE;
        int code = r.code();
        if (phase == PublishPhase.STOPPING) {
            finishStop();
            return;
        }
        if (code == 401) { // RFC 2326 §7.1.1, meaning as in RFC 7235 §3.1
            unauthorized(now, r);
            return;
        }
        if (isRedirect(code) && phase != PublishPhase.PUBLISHING) { // RFC 2326 §11.2; RFC 7826 §13.3
            redirect(now, r);
            return;
        }
        switch (phase) {
            case OPTIONS:
                // OPTIONS is optional for a server to answer usefully (RFC 2326 §10.1); go on without Public.
                if (code == 200 || code == 404 || code == 405 || code == 501) {
                    getParameterKeepalive = code == 200 && listsMethod(r.header("Public"), "GET_PARAMETER");
                    announce(now);
                } else {
                    refuseOrRetry(now, r, "OPTIONS");
                }
                break;
            case ANNOUNCE:
                if (code == 200) {
                    setup(now);
                } else {
                    refuseOrRetry(now, r, "ANNOUNCE");
                }
                break;
            case SETUP:
                if (code == 200) {
                    setupAnswered(now, r);
                } else {
                    refuseOrRetry(now, r, "SETUP");
                }
                break;
            case RECORD:
                if (code == 200) {
                    recording(now);
                } else {
                    refuseOrRetry(now, r, "RECORD");
                }
                break;
            case PUBLISHING:
                keepaliveAnswered(now, r);
                break;
            default:
                break;
        }
    }

    /**
     * A request from the server (RFC 2326 §10): OPTIONS and GET_PARAMETER are pings (§10.1, §10.8) and get
     * 200; anything else (SET_PARAMETER, REDIRECT §10.10, ANNOUNCE) gets 501 Not Implemented (§7.1.1),
     * so the server is never left waiting. The CSeq is the server's own (§12.17).
     */
    private void answerServerRequest(ClientResponse r) {
        String method = r.reason();
        String status = method.equals("OPTIONS") || method.equals("GET_PARAMETER") ? "200 OK" : "501 Not Implemented";
        String cseq = r.header("CSeq");
        StringBuilder sb = new StringBuilder(96).append("RTSP/1.0 ").append(status).append("\r\n");
        if (cseq != null && !cseq.trim().isEmpty() && cseq.trim().chars().allMatch(Character::isDigit)) sb.append("CSeq: ").append(cseq.trim()).append("\r\n");
        if (sessionId != null) sb.append("Session: ").append(sessionId).append("\r\n");
        io.send(sb.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Ends publishing: TEARDOWN when a session exists (RFC 2326 §10.7), then closed. Idempotent. */
    public void stop(long now) {
        if (phase == PublishPhase.STOPPING || phase == PublishPhase.STOPPED) return;
        if (sessionId != null && (phase == PublishPhase.PUBLISHING || phase == PublishPhase.RECORD)) {
            enter(PublishPhase.STOPPING);
            request(now, "TEARDOWN", target.uri(), new String[] {"Session", sessionId}, null);
            deadline = now + Math.min(TEARDOWN_WAIT_NANOS, config.responseTimeoutNanos);
            return;
        }
        finishStop();
    }

    private void finishStop() {
        io.closeConnection();
        sessionId = null;
        pendingCseq = -1;
        deadline = Long.MAX_VALUE;
        enter(PublishPhase.STOPPED);
    }

    private void connect(long now) {
        if (stream.sdp() == null) {
            enter(PublishPhase.WAITING_FOR_STREAM);
            deadline = Long.MAX_VALUE;
            return;
        }
        credentials.reset(); // a new connection starts unauthenticated: old nonces mean nothing to it
        sessionId = null;
        // CSeq counts per connection (RFC 2326 §12.17); ffmpeg's listen mode refuses a new connection
        // whose first CSeq continues the old one ("Unexpected Sequence number").
        cseq = 0;
        enter(PublishPhase.CONNECTING);
        deadline = now + config.connectTimeoutNanos;
        try {
            io.connect(target.host(), target.port());
        } catch (IOException e) {
            fail(now, Failure.TRANSIENT, describe(e));
        }
    }

    private void announce(long now) {
        String sdp = stream.sdp();
        enter(PublishPhase.ANNOUNCE);
        request(now, "ANNOUNCE", target.uri(), new String[] {"Content-Type", "application/sdp"},
                sdp.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void setup(long now) {
        String transport;
        if (config.tcp) {
            // RFC 2326 §10.12 / §12.39: RTP on channel 0, RTCP on 1 of this connection
            transport = "RTP/AVP/TCP;unicast;interleaved=" + RTP_CHANNEL + "-" + RTCP_CHANNEL + ";mode=record";
        } else {
            try {
                localRtpPort = io.openUdp();
            } catch (IOException e) {
                fail(now, Failure.TRANSIENT, "cannot open UDP ports for RTP/RTCP: " + describe(e));
                return;
            }
            transport = "RTP/AVP;unicast;client_port=" + localRtpPort + "-" + (localRtpPort + 1) + ";mode=record";
        }
        enter(PublishPhase.SETUP);
        request(now, "SETUP", target.trackUri(TRACK_CONTROL), new String[] {"Transport", transport}, null);
    }

    private void setupAnswered(long now, ClientResponse r) {
        SessionHeader session;
        TransportHeader.Spec spec;
        try {
            String s = r.header("Session");
            if (s == null) {
                fail(now, Failure.TRANSIENT, "SETUP answered 200 without a Session header (RFC 2326 §12.37)");
                return;
            }
            session = SessionHeader.parse(s);
            String t = r.header("Transport");
            if (t == null) {
                fail(now, Failure.TRANSIENT, "SETUP answered 200 without a Transport header (RFC 2326 §12.39)");
                return;
            }
            spec = TransportHeader.parse(withoutMode(t)).first();
        } catch (RtspException.BadHeader e) {
            fail(now, Failure.TRANSIENT, "unreadable SETUP answer: " + e.getMessage());
            return;
        }
        sessionId = session.id();
        long timeout = session.timeout().isPresent() && session.timeout().getAsInt() > 0
                ? TimeUnit.SECONDS.toNanos(session.timeout().getAsInt()) : DEFAULT_SESSION_TIMEOUT_NANOS;
        // Half the timeout: a lost or late keepalive still leaves time for the next one.
        keepaliveIntervalNanos = Math.max(TimeUnit.SECONDS.toNanos(1), timeout / 2);
        boolean tcpAnswer = spec.lowerTransport() == TransportHeader.LowerTransport.TCP;
        if (tcpAnswer != config.tcp) {
            fail(now, Failure.REFUSED, "SETUP answered with " + spec.lowerTransport() + " transport to a "
                    + (config.tcp ? "TCP" : "UDP") + " request");
            return;
        }
        if (config.tcp) {
            TransportHeader.PortRange ch = spec.interleaved();
            mediaRtp = ch == null ? RTP_CHANNEL : ch.rtp();
            mediaRtcp = ch == null ? RTCP_CHANNEL : ch.rtcp();
        } else {
            TransportHeader.PortRange sp = spec.serverPort();
            if (sp == null) {
                fail(now, Failure.REFUSED, "SETUP answer names no server_port for UDP (RFC 2326 §12.39)");
                return;
            }
            mediaRtp = sp.rtp();
            mediaRtcp = sp.rtcp();
        }
        enter(PublishPhase.RECORD);
        request(now, "RECORD", target.uri(), new String[] {"Session", sessionId, "Range", "npt=0.000-"}, null);
    }

    private int mediaRtp;
    private int mediaRtcp;

    private void recording(long now) {
        try {
            io.startMedia(config.tcp, mediaRtp, mediaRtcp);
        } catch (IOException e) {
            fail(now, Failure.TRANSIENT, "cannot start media: " + describe(e));
            return;
        }
        enter(PublishPhase.PUBLISHING);
        counters.sessions.incrementAndGet();
        transientBackoff.reset();
        refusedBackoff.reset();
        redirects = 0;
        deadline = Long.MAX_VALUE;
        nextKeepalive = now + keepaliveIntervalNanos;
        PublishLog.info("publishing to " + target + " over " + (config.tcp ? "TCP" : "UDP") + ", session "
                + sessionId + ", keepalive every " + seconds(keepaliveIntervalNanos) + " by "
                + (getParameterKeepalive ? "GET_PARAMETER" : "OPTIONS"));
    }

    /** RFC 2326 §10.8 GET_PARAMETER without a body as a ping when the server lists it, else §10.1 OPTIONS. */
    private void keepalive(long now) {
        String method = getParameterKeepalive ? "GET_PARAMETER" : "OPTIONS";
        request(now, method, target.uri(), new String[] {"Session", sessionId}, null);
        nextKeepalive = now + keepaliveIntervalNanos;
    }

    private void keepaliveAnswered(long now, ClientResponse r) {
        int code = r.code();
        if (code == 200) return;
        if (code == 454) { // RFC 2326 §11.3.5
            fail(now, Failure.TRANSIENT, "454 Session Not Found: the server dropped the session");
        } else if ("GET_PARAMETER".equals(pendingMethod) && (code == 405 || code == 501 || code == 551)) {
            getParameterKeepalive = false; // listed but refused: fall back to OPTIONS
        } else {
            PublishLog.warn("keepalive " + pendingMethod + " answered " + r.statusLine() + "; still publishing");
        }
    }

    private void unauthorized(long now, ClientResponse r) {
        List<String> challenges = r.headers("WWW-Authenticate");
        if (!credentials.present()) {
            fail(now, Failure.REFUSED, "401 credentials required by " + target + " (none in the URL or options)");
            return;
        }
        boolean stale = ClientCredentials.isStale(challenges);
        if (authRetries > 0 && !stale || authRetries >= MAX_AUTH_RETRIES) {
            fail(now, Failure.REFUSED, "401 wrong credentials for user '" + target.user() + "' at " + target);
            return;
        }
        if (!credentials.accept(challenges)) {
            fail(now, Failure.REFUSED, "401 with no usable challenge (Digest MD5/SHA-256 or Basic): " + challenges);
            return;
        }
        authRetries++;
        resend(now);
    }

    private void redirect(long now, ClientResponse r) {
        String location = r.header("Location");
        if (location == null) {
            fail(now, Failure.REFUSED, r.statusLine() + " without a Location header");
            return;
        }
        if (redirects >= config.maxRedirects) {
            fail(now, Failure.REFUSED, "more than " + config.maxRedirects + " redirects (last to " + location + ")");
            return;
        }
        PublishTarget next;
        try {
            next = target.redirect(location);
        } catch (IllegalArgumentException e) {
            fail(now, Failure.REFUSED, r.statusLine() + " to an unusable Location: " + e.getMessage());
            return;
        }
        redirects++;
        PublishLog.info(r.statusLine() + ": " + target + " redirects to " + next);
        io.closeConnection();
        target = next;
        connect(now);
    }

    /** 4xx: the server will answer the same again, so back off long; anything else may pass. */
    private void refuseOrRetry(long now, ClientResponse r, String method) {
        int code = r.code();
        String what = r.statusLine() + " to " + method;
        if (code == 461) what += " (" + (config.tcp ? "TCP" : "UDP") + " transport refused; try the other)";
        fail(now, code >= 400 && code < 500 && code != 408 && code != 454 ? Failure.REFUSED : Failure.TRANSIENT, what);
    }

    private void fail(long now, Failure kind, String message) {
        io.closeConnection();
        sessionId = null;
        pendingCseq = -1;
        target = original; // a redirect may have been temporary: start over where we were told to publish
        redirects = 0;
        long delay = (kind == Failure.REFUSED ? refusedBackoff : transientBackoff).next();
        counters.lastError = message;
        counters.retryDelayNanos = delay;
        failedBefore = true;
        PublishLog.warn("publishing to " + original + ": " + message + "; retrying in " + seconds(delay));
        deadline = now + delay;
        enter(PublishPhase.RETRYING);
    }

    private void request(long now, String method, String uri, String[] headers, byte[] body) {
        pendingMethod = method;
        pendingUri = uri;
        pendingHeaders = headers;
        pendingBody = body;
        authRetries = 0;
        write(now);
    }

    private void resend(long now) {
        write(now);
    }

    private void write(long now) {
        pendingCseq = ++cseq;
        String authorization = credentials.authorization(pendingMethod, pendingUri);
        String[] h = new String[pendingHeaders.length + 4];
        System.arraycopy(pendingHeaders, 0, h, 0, pendingHeaders.length);
        h[pendingHeaders.length] = "User-Agent"; // RFC 2326 §12.41
        h[pendingHeaders.length + 1] = config.userAgent;
        h[pendingHeaders.length + 2] = "Authorization"; // RFC 2326 §12.5
        h[pendingHeaders.length + 3] = authorization;
        String contentType = null;
        for (int i = 0; i + 1 < pendingHeaders.length; i += 2) {
            if (pendingHeaders[i].equals("Content-Type")) {
                contentType = pendingHeaders[i + 1];
                h[i + 1] = null; // RequestWriter writes it beside Content-Length
            }
        }
        io.send(RequestWriter.write(pendingMethod, pendingUri, pendingCseq, h, contentType, pendingBody));
        deadline = now + config.responseTimeoutNanos;
    }

    private void enter(PublishPhase next) {
        phase = next;
        counters.phase = next;
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 305 || code == 307;
    }

    /**
     * The answer's Transport without its mode parameters: the mode only echoes the request's, and ffmpeg's
     * listen mode writes {@code mode=receive} (an RFC 2326 draft spelling), which the typed header refuses.
     */
    static String withoutMode(String transport) {
        return transport.replaceAll("(?i);\\s*mode\\s*=\\s*(\"[^\"]*\"|[^;,]*)", "");
    }

    /** Whether the Public header (RFC 2326 §12.28) lists {@code method}. */
    static boolean listsMethod(String publicHeader, String method) {
        if (publicHeader == null) return false;
        for (String m : publicHeader.split(",")) {
            if (m.trim().toUpperCase(Locale.ROOT).equals(method)) return true;
        }
        return false;
    }

    /** "connection refused" rather than a class name: what a log reader needs. */
    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return m != null && m.toLowerCase(Locale.ROOT).contains("refused") ? "connection refused" : "cannot connect: " + m;
        }
        if (e instanceof java.net.PortUnreachableException) return "UDP port unreachable (the receiver is gone)";
        if (m == null) return e.getClass().getSimpleName();
        return m.toLowerCase(Locale.ROOT).contains("reset") ? "connection reset by the server" : m;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** Whether any attempt failed so far (for the first-attempt/reconnect distinction in logs). */
    boolean failedBefore() {
        return failedBefore;
    }
}
