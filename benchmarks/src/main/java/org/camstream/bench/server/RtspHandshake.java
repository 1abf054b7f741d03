package org.camstream.bench.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The minimal RTSP 1.0 client the harness needs: DESCRIBE, SETUP (UDP client_port or TCP
 * interleaved), PLAY, over a blocking channel, then hands the channel to a {@link ReceiverHub}.
 * Bytes read past the PLAY response (interleaved media, RFC 2326 §10.12) are kept in {@link #leftover}.
 * Not thread-safe; one per client.
 */
final class RtspHandshake {
    /** One response: status (RFC 2326 §7.1), headers by lower-case name, body. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
    }

    final SocketChannel channel;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteBuffer readBuf = ByteBuffer.allocate(64 * 1024);
    private int cseq;
    private String session;
    /** The RTP-Info rtptime (RFC 2326 §12.33) of the PLAY response, for reference. */
    long playRtpTime = -1;
    byte[] leftover = new byte[0];
    private String baseUrl;

    RtspHandshake(InetSocketAddress server) throws IOException {
        channel = SocketChannel.open(server);
        channel.socket().setTcpNoDelay(true);
        channel.socket().setSoTimeout(10_000);
    }

    /** DESCRIBE + SETUP + PLAY; returns when the server said 200 to PLAY. */
    void play(String url, String transport) throws IOException {
        Response d = request("DESCRIBE", url, "Accept: application/sdp\r\n");
        String base = d.header("content-base") != null ? d.header("content-base") : url;
        String control = null;
        boolean inMedia = false;
        for (String line : d.body().split("\r?\n")) {
            if (line.startsWith("m=")) inMedia = true;
            if (inMedia && line.startsWith("a=control:")) control = line.substring(10).trim();
        }
        String track = control == null || control.equals("*") ? base
                : control.startsWith("rtsp://") ? control
                : base + (base.endsWith("/") ? "" : "/") + control;
        Response s = request("SETUP", track, "Transport: " + transport + "\r\n");
        String sh = s.header("session");
        if (sh == null) throw new IOException("SETUP without Session header");
        session = sh.split(";")[0].trim();
        baseUrl = base;
        Response p = request("PLAY", base, "Session: " + session + "\r\nRange: npt=0.000-\r\n");
        String info = p.header("rtp-info");
        if (info != null) {
            for (String part : info.split(";")) {
                if (part.trim().startsWith("rtptime=")) playRtpTime = Long.parseLong(part.trim().substring(8).split(",")[0]);
            }
        }
    }

    /**
     * A keep-alive after PLAY (RFC 2326 §10.8 GET_PARAMETER with the session, §12.37 timeout): written,
     * not read; over TCP interleaved the {@link ReceiverHub} skips the response. May be called from
     * another thread than the one reading the channel (a SocketChannel allows one reader and one writer).
     */
    void keepAlive() throws IOException {
        String req = "GET_PARAMETER " + baseUrl + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\nUser-Agent: camstream-bench\r\n"
                + "Session: " + session + "\r\n\r\n";
        ByteBuffer out = ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) Thread.onSpinWait();
        }
    }

    private Response request(String method, String url, String extra) throws IOException {
        String req = method + " " + url + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\nUser-Agent: camstream-bench\r\n"
                + (session != null && !extra.contains("Session:") ? "Session: " + session + "\r\n" : "") + extra + "\r\n";
        ByteBuffer out = ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) channel.write(out);
        Response r = readResponse();
        if (r.status() != 200) throw new IOException(method + " " + url + " -> " + r.status());
        return r;
    }

    private Response readResponse() throws IOException {
        while (true) {
            byte[] b = pending.toByteArray();
            int skip = 0;
            while (skip < b.length && b[skip] == '$') { // interleaved data before the response: skip it
                if (skip + 4 > b.length) break;
                int len = ((b[skip + 2] & 0xff) << 8) | (b[skip + 3] & 0xff);
                if (skip + 4 + len > b.length) break;
                skip += 4 + len;
            }
            int headEnd = indexOf(b, skip, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (headEnd >= 0) {
                String head = new String(b, skip, headEnd - skip, StandardCharsets.ISO_8859_1);
                Map<String, String> headers = new HashMap<>();
                String[] lines = head.split("\r\n");
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
                int bodyLen = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
                int total = headEnd + 4 + bodyLen;
                if (b.length >= total) {
                    String body = new String(b, headEnd + 4, bodyLen, StandardCharsets.UTF_8);
                    pending.reset();
                    leftover = java.util.Arrays.copyOfRange(b, total, b.length);
                    pending.write(leftover, 0, leftover.length);
                    int status = Integer.parseInt(lines[0].split(" ")[1]);
                    return new Response(status, headers, body);
                }
            }
            readBuf.clear();
            int n = channel.read(readBuf);
            if (n < 0) throw new IOException("server closed the connection");
            pending.write(readBuf.array(), 0, n);
        }
    }

    private static int indexOf(byte[] b, int from, byte[] pat) {
        outer:
        for (int i = from; i + pat.length <= b.length; i++) {
            for (int j = 0; j < pat.length; j++) if (b[i + j] != pat[j]) continue outer;
            return i;
        }
        return -1;
    }
}
