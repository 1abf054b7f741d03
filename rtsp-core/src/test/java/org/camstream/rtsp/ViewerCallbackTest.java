package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.testing.RawRtspClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 11 item 4: per-stream "first viewer playing" / "last viewer left", once per transition. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ViewerCallbackTest {
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private RtspServer server;

    @BeforeEach
    void start() {
        server = new RtspServer(RtspServerOptions.builder()
                .port(0).bindAddress(InetAddress.getLoopbackAddress()).maxClients(32).maxConnectionsPerAddress(32).maxSessionsPerAddress(32)
                .stream(StreamSpec.builder("/main").size(320, 240)
                        .onViewers(() -> events.add("main+"), () -> events.add("main-")).build())
                .stream(StreamSpec.builder("/sub").size(160, 120)
                        .onViewers(() -> events.add("sub+"), () -> events.add("sub-")).build())
                .build());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String url(String path) {
        return "rtsp://127.0.0.1:" + server.port() + path;
    }

    @Test
    void transitionsInOrder() throws Exception {
        try (RawRtspClient a = new RawRtspClient(server.port()); RawRtspClient b = new RawRtspClient(server.port())) {
            String sa = setup(a, "/main");
            assertThat(events).isEmpty(); // set up is not playing
            play(a, "/main", sa);
            String sb = setup(b, "/main");
            play(b, "/main", sb);
            assertThat(events).containsExactly("main+");
            assertThat(a.request("PAUSE", url("/main"), "Session: " + sa).status()).isEqualTo(200);
            assertThat(events).containsExactly("main+");
            assertThat(b.request("TEARDOWN", url("/main"), "Session: " + sb).status()).isEqualTo(200);
            assertThat(events).containsExactly("main+", "main-");
            play(a, "/main", sa);
            assertThat(events).containsExactly("main+", "main-", "main+");
            String ss = setup(b, "/sub");
            play(b, "/sub", ss);
            assertThat(events).containsExactly("main+", "main-", "main+", "sub+");
        } // both connections close: their sessions end
        FuzzSupport.waitUntil("both streams left", 10, () -> events.size() == 6);
        assertThat(events.subList(4, 6)).containsExactlyInAnyOrder("main-", "sub-");
    }

    /** Eight clients join and leave (TEARDOWN, PAUSE, or a dropped connection) at once, 25 times each. */
    @Test
    void oncePerTransitionUnderChurn() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        String path = (thread + i) % 3 == 0 ? "/sub" : "/main";
                        RawRtspClient c = new RawRtspClient(server.port());
                        String s = setup(c, path);
                        play(c, path, s);
                        switch (i % 3) {
                            case 0 -> c.request("TEARDOWN", url(path), "Session: " + s);
                            case 1 -> c.request("PAUSE", url(path), "Session: " + s);
                            default -> { }
                        }
                        c.close();
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
        List<String> copy;
        synchronized (events) {
            copy = new ArrayList<>(events);
        }
        for (String stream : new String[] {"main", "sub"}) {
            List<String> mine = new ArrayList<>();
            for (String e : copy) if (e.startsWith(stream)) mine.add(e);
            assertThat(mine).as(stream).isNotEmpty();
            for (int i = 0; i < mine.size(); i++) {
                assertThat(mine.get(i)).as(stream + " event " + i + " of " + mine).isEqualTo(i % 2 == 0 ? stream + "+" : stream + "-");
            }
            assertThat(mine.size() % 2).as("ends with the last viewer leaving").isZero();
        }
    }

    private String setup(RawRtspClient c, String path) throws Exception {
        RawRtspClient.Response r = c.request("SETUP", url(path) + "/trackID=0",
                "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(r.status()).isEqualTo(200);
        return r.header("Session").replaceAll(";.*", "");
    }

    private void play(RawRtspClient c, String path, String session) throws Exception {
        assertThat(c.request("PLAY", url(path), "Session: " + session).status()).isEqualTo(200);
    }
}
