package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camstream.rtsp.testing.RawRtspClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11: "the viewer callbacks fire once per transition under join/leave churn". Several clients
 * on two streams join (SETUP over TCP or UDP, PLAY) and leave in interleaved order: TEARDOWN, PAUSE,
 * a graceful close, an abrupt close (RST, SO_LINGER 0) — with PLAY on a playing and PAUSE on a paused
 * session in between, which change nothing (RFC 2326 §10.5, §10.6), and clients holding a session on
 * each stream. A model counts each stream's playing sessions; after every step (once the server has
 * seen it) the callbacks must be exactly one "first viewer" per 0 → 1 and one "last viewer" per
 * 1 → 0 of the model, in order, and nothing else. ViewerCallbackTest has the ordered basics and a
 * concurrent churn with graceful closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ViewerChurnTest {
    private static final String[] PATHS = {"/main", "/sub"};
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private RtspServer server;

    @BeforeEach
    void start() {
        server = new RtspServer(RtspServerOptions.builder()
                .port(0).bindAddress(InetAddress.getLoopbackAddress()).maxClients(64)
                .maxConnectionsPerAddress(64)
                .stream(StreamSpec.builder("/main").size(320, 240)
                        .onViewers(() -> events.add("/main+"), () -> events.add("/main-")).build())
                .stream(StreamSpec.builder("/sub").size(160, 120)
                        .onViewers(() -> events.add("/sub+"), () -> events.add("/sub-")).build())
                .build());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** One RTSP session of a scripted client. */
    private static final class Sess {
        final String path;
        final String id;
        boolean playing;

        Sess(String path, String id) {
            this.path = path;
            this.id = id;
        }
    }

    /** A scripted client: its socket (for RST), its connection, its sessions. */
    private static final class Client {
        final Socket socket;
        final RawRtspClient rtsp;
        final List<Sess> sessions = new ArrayList<>();

        Client(Socket socket) throws IOException {
            this.socket = socket;
            this.rtsp = new RawRtspClient(socket);
        }
    }

    private final Map<String, Integer> playing = new HashMap<>(Map.of("/main", 0, "/sub", 0));
    private final List<String> expected = new ArrayList<>();

    private void modelPlay(Sess s) {
        if (s.playing) return;
        s.playing = true;
        if (playing.merge(s.path, 1, Integer::sum) == 1) expected.add(s.path + "+");
    }

    private void modelStop(Sess s) {
        if (!s.playing) return;
        s.playing = false;
        if (playing.merge(s.path, -1, Integer::sum) == 0) expected.add(s.path + "-");
    }

    @Test
    void scriptedChurnFiresExactlyOncePerTransition() throws Exception {
        Random random = new Random(20261203L);
        List<Client> clients = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        int closes = 0;
        int resets = 0;
        for (int step = 0; step < 400; step++) {
            int op = random.nextInt(9);
            if (clients.isEmpty() || op == 0 && clients.size() < 8) {
                Client c = new Client(new Socket(InetAddress.getLoopbackAddress(), server.port()));
                clients.add(c);
                Sess s = setUp(c, PATHS[random.nextInt(2)], random.nextBoolean());
                play(c, s);
                steps.add("open+play " + s.path);
                modelPlay(s);
            } else {
                Client c = clients.get(random.nextInt(clients.size()));
                Sess s = c.sessions.isEmpty() ? null : c.sessions.get(random.nextInt(c.sessions.size()));
                switch (op) {
                    case 1: // a second session on the same connection (e.g. main and sub)
                        if (c.sessions.size() >= 2) continue;
                        Sess more = setUp(c, PATHS[random.nextInt(2)], random.nextBoolean());
                        play(c, more);
                        steps.add("setup+play " + more.path);
                        modelPlay(more);
                        break;
                    case 2:
                        if (s == null) continue;
                        assertThat(c.rtsp.request("TEARDOWN", url(s.path), "Session: " + s.id).status())
                                .isEqualTo(200);
                        c.sessions.remove(s);
                        steps.add("teardown " + s.path);
                        modelStop(s);
                        break;
                    case 3: // PAUSE, also of a paused session (no change)
                        if (s == null) continue;
                        assertThat(c.rtsp.request("PAUSE", url(s.path), "Session: " + s.id).status())
                                .isEqualTo(200);
                        steps.add("pause " + s.path + (s.playing ? "" : " (paused)"));
                        modelStop(s);
                        break;
                    case 4: // PLAY, also of a playing session (no change)
                        if (s == null) continue;
                        steps.add("play " + s.path + (s.playing ? " (playing)" : ""));
                        play(c, s);
                        modelPlay(s);
                        break;
                    case 5:
                    case 6: // graceful close: FIN, no TEARDOWN
                        c.socket.close();
                        clients.remove(c);
                        c.sessions.forEach(this::modelStop);
                        steps.add("close (" + c.sessions.size() + " sessions)");
                        closes++;
                        break;
                    default: // abrupt close: RST
                        c.socket.setSoLinger(true, 0);
                        c.socket.close();
                        clients.remove(c);
                        c.sessions.forEach(this::modelStop);
                        steps.add("reset (" + c.sessions.size() + " sessions)");
                        resets++;
                        break;
                }
            }
            awaitServerAgrees(steps);
        }
        for (Client c : clients) {
            c.socket.close();
            c.sessions.forEach(this::modelStop);
        }
        steps.add("close all");
        awaitServerAgrees(steps);
        assertThat(closes).as("graceful closes").isGreaterThan(10);
        assertThat(resets).as("abrupt closes").isGreaterThan(10);
        assertThat(expected.size()).as("transitions exercised").isGreaterThan(60);
    }

    /** Waits until the server's playing counts are the model's, then compares the callbacks. */
    private void awaitServerAgrees(List<String> steps) throws InterruptedException {
        String last = steps.get(steps.size() - 1);
        FuzzSupport.waitUntil("server sees step " + steps.size() + " (" + last + "): model " + playing, 10,
                () -> server.stream("/main").playingClients() == playing.get("/main")
                        && server.stream("/sub").playingClients() == playing.get("/sub"));
        FuzzSupport.sync(server); // callbacks run on the loop: everything before this task has run
        List<String> got;
        synchronized (events) {
            got = new ArrayList<>(events);
        }
        assertThat(got).as("callbacks after step %d (%s); last steps %s", steps.size(), last,
                steps.subList(Math.max(0, steps.size() - 6), steps.size())).isEqualTo(expected);
    }

    /**
     * Eight threads churn at once with abrupt closes (RST) among graceful closes, TEARDOWN and
     * PAUSE: at every callback at most one stream-viewer state is "on" (the callback itself checks
     * that first and last alternate: +1 only from 0, -1 only from 1), and once everyone has left,
     * every stream has had as many "last viewer" calls as "first viewer" calls.
     */
    @Test
    void concurrentChurnWithResetsAlternatesStrictly() throws Exception {
        server.stop();
        AtomicInteger mainOn = new AtomicInteger();
        AtomicInteger subOn = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger firsts = new AtomicInteger();
        server = new RtspServer(RtspServerOptions.builder()
                .port(0).bindAddress(InetAddress.getLoopbackAddress()).maxClients(64)
                .maxConnectionsPerAddress(64)
                .stream(StreamSpec.builder("/main").size(320, 240).onViewers(
                        () -> { firsts.incrementAndGet(); if (mainOn.getAndIncrement() != 0) violations.incrementAndGet(); },
                        () -> { if (mainOn.getAndDecrement() != 1) violations.incrementAndGet(); }).build())
                .stream(StreamSpec.builder("/sub").size(160, 120).onViewers(
                        () -> { firsts.incrementAndGet(); if (subOn.getAndIncrement() != 0) violations.incrementAndGet(); },
                        () -> { if (subOn.getAndDecrement() != 1) violations.incrementAndGet(); }).build())
                .build());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    for (int i = 0; i < 30; i++) {
                        String path = PATHS[random.nextInt(2)];
                        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                        Client c = new Client(socket);
                        Sess s = setUp(c, path, random.nextBoolean());
                        play(c, s);
                        switch (random.nextInt(4)) {
                            case 0: c.rtsp.request("TEARDOWN", url(path), "Session: " + s.id); break;
                            case 1: c.rtsp.request("PAUSE", url(path), "Session: " + s.id); break;
                            case 2: socket.setSoLinger(true, 0); break; // RST
                            default: break; // graceful close with the session playing
                        }
                        socket.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(50, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        FuzzSupport.waitUntil("every session gone", 10, () -> server.stats().playingClients() == 0
                && server.stats().connections() == 0);
        FuzzSupport.sync(server);
        assertThat(violations.get()).as("callbacks out of turn").isZero();
        assertThat(mainOn.get()).as("main: last viewer left as often as the first came").isZero();
        assertThat(subOn.get()).as("sub: last viewer left as often as the first came").isZero();
        assertThat(firsts.get()).as("first-viewer callbacks").isPositive();
    }

    private String url(String path) {
        return "rtsp://127.0.0.1:" + server.port() + path;
    }

    /** SETUP over TCP interleaved or UDP (client ports of a socket this test holds open briefly). */
    private Sess setUp(Client c, String path, boolean udp) throws Exception {
        String transport;
        if (udp) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort() & ~1;
            }
            transport = "RTP/AVP;unicast;client_port=" + port + "-" + (port + 1);
        } else {
            int channel = 2 * c.sessions.size();
            transport = "RTP/AVP/TCP;unicast;interleaved=" + channel + "-" + (channel + 1);
        }
        RawRtspClient.Response r = c.rtsp.request("SETUP", url(path) + "/trackID=0", "Transport: " + transport);
        assertThat(r.status()).as("SETUP %s %s", path, transport).isEqualTo(200);
        Sess s = new Sess(path, r.header("Session").replaceAll(";.*", ""));
        c.sessions.add(s);
        return s;
    }

    private void play(Client c, Sess s) throws Exception {
        assertThat(c.rtsp.request("PLAY", url(s.path), "Session: " + s.id).status()).isEqualTo(200);
    }
}
