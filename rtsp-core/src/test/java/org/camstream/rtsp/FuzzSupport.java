package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.camstream.rtsp.testing.TestStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Helpers shared by the robustness tests ({@code Fuzz*}): a strict, independent reader of what the
 * server writes on an RTSP connection, resource probes (file descriptors, threads) and server health
 * checks. Nothing here reuses server code, so a bug in the server's writer cannot hide itself.
 *
 * <p>Stateless except {@link WireReader}, which is owned by one test thread.
 */
final class FuzzSupport {
    /** RFC 2326 §7.1: Status-Line = RTSP-Version SP Status-Code SP Reason-Phrase CRLF. */
    static final Pattern STATUS_LINE = Pattern.compile("RTSP/1\\.0 [1-5][0-9][0-9] [^\\r\\n]*");
    /** RFC 2326 §4.2 / RFC 2616 §4.2: field-name ":" [ field-value ]; token characters only in the name. */
    static final Pattern HEADER_LINE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\\r\\n]*");

    /** Header fields a response must not repeat. */
    static final java.util.Set<String> SINGLE_VALUED = java.util.Set.of("cseq", "content-length", "session",
            "content-type", "transport", "content-base");

    private FuzzSupport() {}

    /** One server response as read from the wire; a repeated field's values are joined with "\n". */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String cseq() {
            return header("CSeq");
        }
    }

    /** What a connection delivered until EOF (or reset / timeout). */
    record Transcript(List<Response> responses, int interleavedFrames, boolean eof, boolean reset) {}

    /**
     * Reads server output byte by byte: responses (strictly checked: CRLF line ends, a valid status
     * line, token header names, Content-Length bodies) and '$' frames (RFC 2326 §10.12). A malformed
     * response is an {@link AssertionError}.
     */
    static final class WireReader {
        private final InputStream in;

        WireReader(InputStream in) {
            this.in = in;
        }

        /** The next response, skipping interleaved frames; throws EOFException-like IOException at EOF. */
        Response nextResponse() throws IOException {
            while (true) {
                Object item = next();
                if (item == null) throw new IOException("EOF before a response");
                if (item instanceof Response r) return r;
            }
        }

        /** Everything until EOF, reset or the socket timeout. */
        Transcript readAll() throws IOException {
            List<Response> responses = new ArrayList<>();
            int frames = 0;
            try {
                Object item;
                while ((item = next()) != null) {
                    if (item instanceof Response r) responses.add(r);
                    else frames++;
                }
                return new Transcript(responses, frames, true, false);
            } catch (SocketTimeoutException e) {
                return new Transcript(responses, frames, false, false);
            } catch (SocketException e) {
                return new Transcript(responses, frames, false, true);
            }
        }

        /** A {@link Response}, an Integer (channel of an interleaved frame) or null at a clean EOF. */
        private Object next() throws IOException {
            int first = in.read();
            if (first < 0) return null;
            if (first == '$') {
                int channel = readByte();
                int len = (readByte() << 8) | readByte();
                for (int i = 0; i < len; i++) readByte();
                return channel;
            }
            String statusLine = (char) first + readCrlfLine();
            assertThat(statusLine).as("status line").matches(STATUS_LINE);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            String line;
            while (!(line = readCrlfLine()).isEmpty()) {
                assertThat(line).as("header line").matches(HEADER_LINE);
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
                // Fields that are lists may repeat (RFC 2616 §4.2, e.g. WWW-Authenticate, RFC 7235 §4.1);
                // these single-valued ones may not.
                if (SINGLE_VALUED.contains(name)) {
                    assertThat(headers).as("duplicate header %s", name).doesNotContainKey(name);
                }
                headers.merge(name, line.substring(colon + 1).strip(), (a, b) -> a + "\n" + b);
            }
            String cl = headers.get("content-length");
            int length = 0;
            if (cl != null) {
                assertThat(cl).matches("[0-9]{1,7}");
                length = Integer.parseInt(cl);
            }
            byte[] body = new byte[length];
            for (int i = 0; i < length; i++) body[i] = (byte) readByte();
            return new Response(status, headers, body);
        }

        private int readByte() throws IOException {
            int b = in.read();
            if (b < 0) throw new AssertionError("server closed the connection in the middle of a message");
            return b;
        }

        /** RFC 2326 §4: lines end in CRLF; a bare CR or LF inside a line is malformed. */
        private String readCrlfLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = readByte();
                if (b == '\r') {
                    int lf = readByte();
                    if (lf != '\n') throw new AssertionError("CR not followed by LF in a response");
                    return line.toString(StandardCharsets.UTF_8);
                }
                if (b == '\n') throw new AssertionError("bare LF in a response");
                line.write(b);
            }
        }
    }

    /** Opens a loopback socket to {@code port} with a read timeout. */
    static Socket connect(int port, int timeoutMillis) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(timeoutMillis);
        s.setTcpNoDelay(true);
        return s;
    }

    /** Writes {@code bytes} in the given chunk sizes (cycled), flushing each; false if the server closed first. */
    static boolean writeChunked(OutputStream out, byte[] bytes, List<Integer> chunks) {
        try {
            int off = 0;
            for (int i = 0; off < bytes.length; i++) {
                int n = Math.min(chunks.get(i % chunks.size()), bytes.length - off);
                out.write(bytes, off, n);
                out.flush();
                off += n;
            }
            return true;
        } catch (IOException e) {
            return false; // the server closed after an error: allowed
        }
    }

    /** Sends OPTIONS on a fresh connection and asserts a well-formed 200 with the CSeq echoed. */
    static void assertAnswersOptions(int port) throws IOException {
        try (Socket s = connect(port, 5000)) {
            s.getOutputStream().write("OPTIONS * RTSP/1.0\r\nCSeq: 4242\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Response r = new WireReader(s.getInputStream()).nextResponse();
            assertThat(r.status()).as("OPTIONS on a fresh connection").isEqualTo(200);
            assertThat(r.cseq()).isEqualTo("4242");
        }
    }

    /** The server's threads (named {@code camstream-rtsp-<port>}, see {@link RtspServer}). */
    static List<Thread> serverThreads(int port) {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("camstream-rtsp-" + port)) out.add(t);
        }
        return out;
    }

    /** Exactly one live thread serves the server: its event loop. */
    static void assertOnlyTheLoopThread(int port) {
        List<Thread> threads = serverThreads(port);
        assertThat(threads).as("server threads for port %d", port).hasSize(1);
        assertThat(threads.get(0).isAlive()).isTrue();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("camstream") && !threads.contains(t)) {
                // Other servers of other tests may run in this JVM; they must be loop threads too.
                assertThat(t.getName()).as("unexpected camstream thread").matches("camstream-rtsp-[0-9]+");
            }
        }
    }

    /** Open file descriptors of this JVM (Linux {@code /proc/self/fd}); -1 where unavailable. */
    static int openFileDescriptors() {
        Path fd = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fd)) return -1;
        try (var s = Files.list(fd)) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Returns once the server's loop handled everything queued before the call (frames, timers due by
     * its clock): a latch round trip through the loop, no timer.
     */
    static void sync(RtspServer server) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        server.execute(done::countDown);
        assertThat(done.await(10, TimeUnit.SECONDS)).as("server loop answered within 10 s").isTrue();
    }

    /** Polls {@code condition} every millisecond until it holds; fails after {@code seconds}. */
    static void waitUntil(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError(what + " not reached within " + seconds + " s");
            Thread.sleep(1);
        }
    }

    /** Polls until the fd count is at most {@code baseline} (sockets close asynchronously); returns the last count. */
    static int awaitFdsAtMost(int baseline, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int n;
        while ((n = openFileDescriptors()) > baseline && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        return n;
    }

    /** Synthetic Annex-B access units (NAL types only matter to the server, H.264 Table 7-1). */
    static byte[] accessUnit(boolean idr, int payload) {
        return idr ? TestStreams.idr(payload, true) : TestStreams.p(payload);
    }

    /**
     * Watches what servers log at ERROR: the event loop logs one when an exception escaped a handler
     * (a bug), so a fuzz run asserts there were none. Installed as the {@link RtspLogger} default (the
     * servers under test set no logger of their own), passing every record on to the previous default.
     */
    static final class ErrorLogWatch {
        private final List<String> seen = new ArrayList<>();
        private RtspLogger previous;
        private boolean active;

        synchronized void install() {
            previous = RtspServer.defaultLogger();
            RtspLogger next = previous;
            RtspServer.setDefaultLogger(new RtspLogger() {
                @Override
                public boolean isEnabled(Level level, String source) {
                    return level == Level.ERROR || next.isEnabled(level, source);
                }

                @Override
                public void log(Level level, String source, String message, Throwable thrown) {
                    if (level == Level.ERROR) {
                        synchronized (seen) {
                            seen.add(source + ": " + message + " " + thrown);
                        }
                    }
                    if (next.isEnabled(level, source)) next.log(level, source, message, thrown);
                }
            });
            active = true;
        }

        synchronized void uninstall() {
            if (previous != null) RtspServer.setDefaultLogger(previous);
            active = false;
        }

        boolean active() {
            return active;
        }

        List<String> errors() {
            synchronized (seen) {
                return List.copyOf(seen);
            }
        }

        void assertNone() {
            assertThat(errors()).as("ERROR records logged by the server (an exception escaped)").isEmpty();
        }
    }
}
