package org.camstream.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camstream.rtsp.runtime.Log;
import org.camstream.rtsp.testing.RawRtspClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 High 3 / Medium 7, on the fake clock: one connection that SETUPs and never PLAYs, kept
 * "alive" by a CRLF every few seconds, held every client slot for as long as it liked (others got 453),
 * and a silent socket stayed open for the whole idle timeout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LockoutTest {

    @Test
    void setupsThatNeverPlayExpireAndStrayBytesAreNoActivity() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient hog = new RawRtspClient(h.port())) {
            int granted = 0;
            for (int i = 0; i < 8; i++) {
                int status = hog.request("SETUP", h.url() + "trackID=0",
                        "Transport: RTP/AVP;unicast;client_port=" + (41000 + 2 * i) + "-" + (41001 + 2 * i)).status();
                if (status == 200) granted++;
                else assertThat(status).as("beyond the per-connection cap").isEqualTo(453);
            }
            assertThat(granted).as("sessions one connection may hold").isEqualTo(4);
            for (int t = 0; t < 15; t += 3) {
                hog.sendRaw("\r\n");
                h.clock.advanceMillis(3000);
                h.sync();
            }
            h.clock.advanceMillis(400);
            h.sync();
            Integer left = h.onLoop(ctx -> ctx.sessions.snapshot().length);
            assertThat(left).as("sessions 15.4 s after SETUP, never played")
                    .isZero();
            try (RawRtspClient viewer = new RawRtspClient(h.port())) {
                assertThat(viewer.request("SETUP", h.url() + "trackID=0",
                        "Transport: RTP/AVP;unicast;client_port=42000-42001").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aConnectionThatSendsNoRequestIsClosedAfterTheRequestTimeout() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> c.requestTimeoutSeconds = 2);
             RawRtspClient silent = new RawRtspClient(h.port())) {
            h.awaitOnLoop("the silent connection accepted", ctx -> ctx.connections.size() == 1);
            silent.sendRaw("\r\n");
            h.clock.advanceMillis(2000);
            h.sync();
            assertThat(h.counters().connections()).as("at exactly the timeout").isEqualTo(1);
            h.clock.advanceMillis(201);
            h.sync();
            assertThat(h.counters().connections()).as("no request within 2 s (60 s before)").isZero();
            assertThat(silent.closedByServer()).isTrue();
        }
    }

    /**
     * High 3 rest: two connections from one address, each under the per-connection cap of 4, held all
     * 8 client slots together. Sessions now count against their address too (4 by default).
     */
    @Test
    void oneAddressHoldsAtMostFourSessionsOverAllItsConnections() throws Exception {
        try (LoopHarness h = new LoopHarness(c -> { });
             RawRtspClient first = from("127.0.2.1", h.port());
             RawRtspClient second = from("127.0.2.1", h.port());
             RawRtspClient other = from("127.0.2.2", h.port())) {
            for (int i = 0; i < 4; i++) {
                assertThat(setup(first, h, 41000 + 2 * i)).as("SETUP %d of the first connection", i).isEqualTo(200);
            }
            assertThat(setup(second, h, 41100)).as("a fifth session from the same address, on another connection")
                    .isEqualTo(453);
            assertThat(setup(other, h, 41200)).as("another address still gets a session").isEqualTo(200);
            first.close();
            h.awaitOnLoop("the first connection's sessions ended", ctx -> ctx.sessions.snapshot().length == 1);
            assertThat(setup(second, h, 41102)).as("the address's sessions ended with their connection").isEqualTo(200);
        }
    }

    /**
     * Medium 7 rest: at the connection limit a new client got 503 while idle sockets held every slot.
     * Now the connection without a session that has been idle longest is closed for the new one; a
     * connection with a session is never taken; 503 only when every connection holds one.
     */
    @Test
    void atTheConnectionLimitTheConnectionIdleLongestWithoutASessionIsClosed() throws Exception {
        List<RawRtspClient> open = new ArrayList<>();
        try (LoopHarness h = new LoopHarness(c -> c.maxConnections = 4)) {
            RawRtspClient viewer = connect(h, "127.0.3.1", open);
            assertThat(setup(viewer, h, 43000)).isEqualTo(200);
            RawRtspClient silent1 = connect(h, "127.0.3.2", open);
            RawRtspClient silent2 = connect(h, "127.0.3.3", open);
            RawRtspClient asked = connect(h, "127.0.3.4", open);
            h.clock.advanceMillis(1000); // its request is the newest activity, though it connected before
            assertThat(asked.request("OPTIONS", "*").status()).isEqualTo(200);

            h.clock.advanceMillis(1000);
            RawRtspClient newcomer = connect(h, "127.0.3.5", open);
            assertThat(newcomer.request("OPTIONS", "*").status()).as("served at the limit (503 before)").isEqualTo(200);
            assertThat(silent1.closedByServer()).as("the connection idle longest was closed").isTrue();
            assertThat(h.counters().connections()).isEqualTo(4);

            h.clock.advanceMillis(1000);
            RawRtspClient next = connect(h, "127.0.3.6", open);
            assertThat(next.request("OPTIONS", "*").status()).isEqualTo(200);
            assertThat(silent2.closedByServer()).as("then the next idle longest").isTrue();
            h.clock.advanceMillis(1000);
            connect(h, "127.0.3.7", open);
            assertThat(asked.closedByServer()).as("the one whose last request is oldest").isTrue();
            assertThat(viewer.request("OPTIONS", "*").status()).as("the viewer's connection stays").isEqualTo(200);
        } finally {
            closeAll(open);
        }
    }

    @Test
    void whenEveryConnectionHoldsASessionANewOneGets503() throws Exception {
        List<RawRtspClient> open = new ArrayList<>();
        try (LoopHarness h = new LoopHarness(c -> c.maxConnections = 2)) {
            RawRtspClient a = connect(h, "127.0.3.11", open);
            RawRtspClient b = connect(h, "127.0.3.12", open);
            assertThat(setup(a, h, 43100)).isEqualTo(200);
            assertThat(setup(b, h, 43102)).isEqualTo(200);
            RawRtspClient c = from("127.0.3.13", h.port());
            open.add(c);
            assertThat(c.readResponse().status()).isEqualTo(503);
            assertThat(c.closedByServer()).isTrue();
            assertThat(a.request("OPTIONS", "*").status()).isEqualTo(200);
        } finally {
            closeAll(open);
        }
    }

    /**
     * Medium 7: 16 silent sockets locked their whole address out (503 for everybody behind it). At the
     * per-address limit a new connection closes that address's connection idle longest, and no other's.
     */
    @Test
    void atThePerAddressLimitOnlyThatAddresssIdleConnectionIsClosed() throws Exception {
        List<RawRtspClient> open = new ArrayList<>();
        try (LoopHarness h = new LoopHarness(c -> c.maxConnectionsPerAddress = 2)) {
            RawRtspClient neighbour = connect(h, "127.0.4.2", open);
            h.clock.advanceMillis(1000);
            RawRtspClient silent1 = connect(h, "127.0.4.1", open);
            h.clock.advanceMillis(1000);
            RawRtspClient silent2 = connect(h, "127.0.4.1", open);
            h.clock.advanceMillis(1000);
            RawRtspClient third = connect(h, "127.0.4.1", open);
            assertThat(third.request("OPTIONS", "*").status()).as("served (503 before)").isEqualTo(200);
            assertThat(silent1.closedByServer()).isTrue();
            silent2.setTimeout(200);
            assertThat(silent2.closedByServer()).isFalse();
            neighbour.setTimeout(200);
            assertThat(neighbour.closedByServer()).as("older, but another address's").isFalse();
        } finally {
            closeAll(open);
        }
    }

    /**
     * Low 14: every closed connection wrote its line, synchronously on the loop (12,000 lines in one
     * attack). Similar lines are now limited to 10 per 10 s, then one line counts the rest.
     */
    @Test
    void repeatedLogLinesAreRateLimited() throws Exception {
        List<String> lines = new ArrayList<>();
        Log.Sink all = new Log.Sink() {
            @Override
            public boolean isEnabled(int level, String source) {
                return level >= Log.INFO;
            }

            @Override
            public void write(int level, String source, String message, Throwable thrown) {
                synchronized (lines) {
                    lines.add(message);
                }
            }
        };
        List<RawRtspClient> open = new ArrayList<>();
        try (LoopHarness h = new LoopHarness(c -> {
            c.logSink = all;
            c.requestTimeoutSeconds = 2;
            c.maxConnectionsPerAddress = 200;
            c.maxConnections = 200;
        })) {
            for (int i = 0; i < 100; i++) open.add(new RawRtspClient(h.port()));
            h.awaitOnLoop("100 connections accepted", ctx -> ctx.connections.size() == 100);
            h.clock.advanceMillis(2201);
            h.sync();
            assertThat(h.counters().connections()).isZero();
            assertThat(count(lines, "closing connection from")).as("lines for 100 timed-out connections (100 before)")
                    .isEqualTo(10);
            h.clock.advanceMillis(10_000);
            h.sync();
            h.sync(); // a tick after the window ended
            assertThat(count(lines, "suppressed 90 similar messages in 10 s: closing connection from")).isEqualTo(1);
        } finally {
            closeAll(open);
        }
    }

    private static int count(List<String> lines, String prefix) {
        synchronized (lines) {
            int n = 0;
            for (String l : lines) if (l.startsWith(prefix)) n++;
            return n;
        }
    }

    /** A client whose socket is bound to {@code local} (any 127/8 address is loopback on Linux). */
    static RawRtspClient from(String local, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(local, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            return new RawRtspClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Connects from {@code local} and waits until the loop has accepted it (so the order is known). */
    private static RawRtspClient connect(LoopHarness h, String local, List<RawRtspClient> open) throws Exception {
        RawRtspClient c = from(local, h.port());
        open.add(c);
        InetSocketAddress me = c.localAddress();
        h.awaitOnLoop("connection from " + me + " accepted", ctx -> {
            for (RtspConnection conn : ctx.connections) if (conn.remote().equals(me)) return true;
            return false;
        });
        return c;
    }

    private static int setup(RawRtspClient c, LoopHarness h, int port) throws IOException {
        return c.request("SETUP", h.url() + "trackID=0",
                "Transport: RTP/AVP;unicast;client_port=" + port + "-" + (port + 1)).status();
    }

    private static void closeAll(List<RawRtspClient> open) {
        for (RawRtspClient c : open) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
