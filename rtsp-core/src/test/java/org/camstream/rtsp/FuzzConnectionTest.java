package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the whole connection state machine of a live {@link RtspServer} on loopback: random request
 * sequences (OPTIONS/DESCRIBE/SETUP/PLAY/PAUSE/TEARDOWN/..., random headers, own, stale and random
 * session ids, random Transport values, interleaved '$' frames from the client), split at random
 * points, while a feeder thread streams frames so PLAYing TCP sessions carry media.
 *
 * <p>Invariants (issue #4, item 3): every response is well-formed RTSP/1.0 (checked by an independent
 * strict reader) with the request's CSeq (RFC 2326 §12.17); only expected statuses; no exception
 * reaches the event loop's error log; after the client closes, {@code stats().connections()} returns
 * to 0; periodically and at the end the server answers OPTIONS 200 on a fresh connection, and its
 * only thread is the live event loop. Mutated byte streams (one connection each, half-closed after
 * sending) may only produce well-formed responses and a closed connection.
 *
 * <p>One server is shared by all tries of the container (started in {@link #startServer()}).
 */
class FuzzConnectionTest {
    private static final int HEALTH_CHECK_EVERY = 25;

    private static RtspServer server;
    private static Thread feeder;
    private static volatile boolean feeding;
    private static DatagramSocket udpRtp;
    private static DatagramSocket udpRtcp;
    private static final FuzzSupport.ErrorLogWatch errors = new FuzzSupport.ErrorLogWatch();
    private static int tries;
    /** Requests answered in {@link #everyRequestGetsOneWellFormedAnswer}, for the reliability report. */
    private static long requestsAnswered;
    private static int scriptedTries;
    private static int mutatedTries;

    @BeforeContainer
    static void startServer() throws Exception {
        errors.install();
        udpRtp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        udpRtcp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server = new RtspServer(320, 240, RtspServerOptions.builder().port(0)
                .bindAddress(InetAddress.getLoopbackAddress()).maxClients(16).build());
        feeding = true;
        feeder = new Thread(() -> {
            for (int n = 0; feeding; n++) {
                server.send(FuzzSupport.accessUnit(n % 10 == 0, 1500 + (n % 7) * 700));
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fuzz-feeder");
        feeder.setDaemon(true);
        feeder.start();
    }

    @AfterContainer
    static void stopServer() throws Exception {
        int port = server.port();
        try {
            FuzzSupport.assertAnswersOptions(port);
            FuzzSupport.assertOnlyTheLoopThread(port);
        } finally {
            feeding = false;
            feeder.join(5000);
            server.stop();
            udpRtp.close();
            udpRtcp.close();
            errors.uninstall();
        }
        // A result line for docs/reliability.md (the test log level hides INFO).
        System.out.println("FUZZ RESULT: FuzzConnectionTest fuzzed " + tries + " connections ("
                + scriptedTries + " scripted, " + mutatedTries + " mutated), " + requestsAnswered
                + " scripted requests answered");
        assertThat(FuzzSupport.serverThreads(port)).as("loop thread after stop()").isEmpty();
        errors.assertNone();
    }

    // ---- generators -----------------------------------------------------------------------

    /** What the Session header of a step names. */
    enum SessionRef { NONE, OWN, STALE, RANDOM, MALFORMED }

    /**
     * One step: a request ({@code method != null}) or a client '$' frame.
     */
    record Step(String method, String uri, SessionRef session, List<String> headers, String body,
                int frameChannel, byte[] frameData) {
        boolean isFrame() {
            return method == null;
        }
    }

    private static final String BASE = "rtsp://127.0.0.1:%d/";

    @Provide
    Arbitrary<Step> steps() {
        Arbitrary<String> method = Arbitraries.of("OPTIONS", "DESCRIBE", "SETUP", "SETUP", "PLAY", "PLAY", "PAUSE",
                "TEARDOWN", "GET_PARAMETER", "SET_PARAMETER", "ANNOUNCE", "RECORD", "FLY");
        Arbitrary<String> uri = Arbitraries.of("*", "%s", "%strackID=0", "%strackID=0", "%strackID=1", "%sother/",
                "rtsp://example.com/", "trackID=0");
        Arbitrary<String> transport = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 254).map(c -> "Transport: RTP/AVP/TCP;unicast;interleaved=" + c + "-" + (c + 1)),
                Arbitraries.just("Transport: RTP/AVP/TCP;unicast"),
                Arbitraries.just("Transport: RTP/AVP;unicast;client_port=" + udpRtp.getLocalPort() + "-" + udpRtcp.getLocalPort()),
                Arbitraries.just("Transport: RTP/AVP;multicast;destination=224.2.0.1;ttl=16"),
                Arbitraries.just("Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record"),
                Arbitraries.just("Transport: RTP/SAVP;unicast;client_port=1-2"),
                Arbitraries.strings().withChars("RTP/AVPTCU;=-,\"0123456789 ").ofMaxLength(40).map(s -> "Transport: " + s));
        Arbitrary<String> other = Arbitraries.of("Range: npt=0-", "Range: npt=now-", "Range: smpte=0:00:00-",
                "Range: npt=5-1", "Range: garbage", "Accept: application/sdp", "User-Agent: fuzz",
                "Require: implicit-play", "X-Folded: a\r\n  b", "Content-Type: text/parameters",
                "Scale: 2.0", "Speed: 1", "Blocksize: 1400");
        Arbitrary<List<String>> headers = Arbitraries.oneOf(transport, other).list().ofMaxSize(3);
        Arbitrary<String> body = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().ascii().ofMaxLength(40));
        Arbitrary<Step> request = Combinators.combine(method, uri, Arbitraries.of(SessionRef.class), headers, body)
                .as((m, u, s, h, b) -> new Step(m, u, s, h, b, 0, null));
        Arbitrary<Step> frame = Combinators.combine(Arbitraries.integers().between(0, 255),
                        Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(100),
                                Arbitraries.just(receiverReport())))
                .as((ch, d) -> new Step(null, null, SessionRef.NONE, List.of(), "", ch, d));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, request),
                net.jqwik.api.Tuple.of(1, frame));
    }

    @Provide
    Arbitrary<List<Integer>> chunks() {
        return Arbitraries.integers().between(1, 120).list().ofMinSize(1).ofMaxSize(6);
    }

    /** RFC 3550 §6.4.2: an empty receiver report (RC=0), 8 bytes. */
    private static byte[] receiverReport() {
        return new byte[] {(byte) 0x80, (byte) 201, 0, 1, 0x12, 0x34, 0x56, 0x78};
    }

    // ---- properties -------------------------------------------------------------------------

    /**
     * A client speaking valid RTSP framing with random content gets exactly one well-formed answer per
     * request, in order, with its CSeq; the parts of the answer RFC 2326 pins down are checked
     * against a model of the client's own sessions.
     */
    @Property
    void everyRequestGetsOneWellFormedAnswer(@ForAll("stepLists") List<Step> steps,
                                             @ForAll("chunks") List<Integer> chunks) throws Exception {
        int port = server.port();
        String base = String.format(BASE, port);
        try (Socket s = FuzzSupport.connect(port, 5000)) {
            OutputStream out = s.getOutputStream();
            FuzzSupport.WireReader in = new FuzzSupport.WireReader(s.getInputStream());
            String own = null;
            String stale = null;
            int cseq = 0;
            for (Step step : steps) {
                if (step.isFrame()) {
                    out.write(frameBytes(step.frameChannel(), step.frameData()));
                    continue;
                }
                cseq++;
                String sessionId = switch (step.session()) {
                    case NONE -> null;
                    case OWN -> own;
                    case STALE -> stale;
                    case RANDOM -> "F00DF00DF00D" + String.format("%04X", cseq);
                    case MALFORMED -> "bad id!";
                };
                String uri = step.uri().contains("%s") ? String.format(step.uri(), base) : step.uri();
                byte[] bytes = requestBytes(step, uri, cseq, sessionId);
                assertThat(FuzzSupport.writeChunked(out, bytes, chunks)).as("server closed on a valid request").isTrue();
                FuzzSupport.Response r = in.nextResponse();
                requestsAnswered++;
                assertThat(r.cseq()).as("CSeq of the answer to %s", step).isEqualTo(Integer.toString(cseq));
                boolean require = !step.method().equals("FLY")
                        && step.headers().stream().anyMatch(h -> h.startsWith("Require:"));
                if (require) {
                    // RFC 2326 §12.32: no option tag is supported; answered before anything else is looked at.
                    assertThat(r.status()).as("status of %s", step).isEqualTo(551);
                    assertThat(r.header("Unsupported")).isEqualTo("implicit-play");
                    continue;
                }
                assertThat(r.status()).as("status of %s", step)
                        .isIn(200, 400, 404, 451, 453, 454, 455, 457, 459, 461, 501);
                boolean validUri = uri.startsWith(base) && !uri.contains("other") && !uri.contains("trackID=1");
                // RFC 2326 §11.3.9 / §7.1.1: an unknown method is 501 with Public.
                if (step.method().equals("FLY")) {
                    assertThat(r.status()).isEqualTo(501);
                    assertThat(r.header("Public")).contains("OPTIONS");
                } else if (step.method().equals("OPTIONS") && uri.equals("*") && sessionId == null) {
                    assertThat(r.status()).isEqualTo(200); // §10.1
                } else if (validUri && sessionId != null && !sessionId.equals(own)
                        && step.session() != SessionRef.MALFORMED && !isUnimplemented(step.method())) {
                    assertThat(r.status()).as("unknown session for %s", step).isEqualTo(454); // §11.3.6
                }
                if (step.method().equals("SETUP") && r.status() == 200 && sessionId == null) {
                    String v = r.header("Session");
                    assertThat(v).as("Session in a SETUP answer (§12.37)").isNotNull();
                    own = v.split(";")[0];
                    assertThat(r.header("Transport")).isNotNull();
                }
                if (step.method().equals("TEARDOWN") && own != null && own.equals(sessionId)) {
                    if (validUri) {
                        assertThat(r.status()).as("TEARDOWN of our session").isEqualTo(200); // §10.7
                    }
                    // The server may also accept a URI naming another host (it serves one stream,
                    // e.g. "rtsp://example.com/"): the model follows its answer.
                    if (r.status() == 200) {
                        stale = own;
                        own = null;
                    }
                }
                errors.assertNone();
            }
        }
        scriptedTries++;
        afterEachTry(port);
    }

    @Provide
    Arbitrary<List<Step>> stepLists() {
        return steps().list().ofMinSize(1).ofMaxSize(12);
    }

    /**
     * Mutated byte streams (requests and '$' frames, then byte edits), split at random points, then
     * half-closed: the server only writes well-formed responses and closes; nothing leaks.
     */
    @Property
    void mutatedStreamsOnlyGetWellFormedAnswers(@ForAll("stepLists") List<Step> steps,
                                                @ForAll("mutations") List<RtspFuzzTest.Mutation> mutations,
                                                @ForAll("chunks") List<Integer> chunks) throws Exception {
        int port = server.port();
        String base = String.format(BASE, port);
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        int cseq = 0;
        for (Step step : steps) {
            if (step.isFrame()) {
                script.writeBytes(frameBytes(step.frameChannel(), step.frameData()));
            } else {
                cseq++;
                String uri = step.uri().contains("%s") ? String.format(step.uri(), base) : step.uri();
                script.writeBytes(requestBytes(step, uri, cseq, step.session() == SessionRef.NONE ? null : "0123456789ABCDEF"));
            }
        }
        byte[] bytes = RtspFuzzTest.mutate(script.toByteArray(), mutations);
        FuzzSupport.Transcript t;
        try (Socket s = FuzzSupport.connect(port, 5000)) {
            FuzzSupport.writeChunked(s.getOutputStream(), bytes, chunks);
            try {
                s.shutdownOutput(); // half-close: the server sees EOF and must close its side
            } catch (IOException e) {
                // already reset by the server after an error
            }
            t = new FuzzSupport.WireReader(s.getInputStream()).readAll();
        }
        assertThat(t.eof() || t.reset()).as("server closed the connection after EOF").isTrue();
        long lines = 1;
        for (byte b : bytes) if (b == '\n' || b == '\r') lines++; // CR, LF and CR LF end lines (RFC 2326 §4)
        assertThat((long) t.responses().size()).as("responses").isLessThanOrEqualTo(lines);
        for (FuzzSupport.Response r : t.responses()) {
            assertThat(r.status()).as("no internal error").isNotEqualTo(500);
        }
        mutatedTries++;
        afterEachTry(port);
    }

    @Provide
    Arbitrary<List<RtspFuzzTest.Mutation>> mutations() {
        return new RtspFuzzTest().mutations();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static boolean isUnimplemented(String method) {
        return method.equals("ANNOUNCE") || method.equals("RECORD");
    }

    private static byte[] requestBytes(Step step, String uri, int cseq, String sessionId) {
        StringBuilder sb = new StringBuilder(step.method()).append(' ').append(uri).append(" RTSP/1.0\r\n");
        sb.append("CSeq: ").append(cseq).append("\r\n");
        if (sessionId != null) sb.append("Session: ").append(sessionId).append("\r\n");
        for (String h : step.headers()) sb.append(h).append("\r\n");
        byte[] body = step.body().getBytes(StandardCharsets.UTF_8);
        if (body.length > 0) sb.append("Content-Length: ").append(body.length).append("\r\n");
        sb.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** RFC 2326 §10.12 framing of a client frame. */
    private static byte[] frameBytes(int channel, byte[] data) {
        byte[] f = new byte[4 + data.length];
        f[0] = '$';
        f[1] = (byte) channel;
        f[2] = (byte) (data.length >> 8);
        f[3] = (byte) data.length;
        System.arraycopy(data, 0, f, 4, data.length);
        return f;
    }

    /** Per try: the connection is released; every {@value #HEALTH_CHECK_EVERY} tries a full health check. */
    private static void afterEachTry(int port) throws Exception {
        FuzzSupport.waitUntil("connections() == 0", 10, () -> server.stats().connections() == 0);
        assertThat(server.stats().playingClients()).isZero();
        if (++tries % HEALTH_CHECK_EVERY == 0) {
            FuzzSupport.assertAnswersOptions(port);
            FuzzSupport.waitUntil("connections() == 0", 10, () -> server.stats().connections() == 0);
            FuzzSupport.assertOnlyTheLoopThread(port);
        }
        errors.assertNone();
    }
}
