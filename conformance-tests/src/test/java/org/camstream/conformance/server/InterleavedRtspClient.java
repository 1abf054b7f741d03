package org.camstream.conformance.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal RTSP client on a raw socket, as a camera-side NVR (go2rtc, Frigate's ffmpeg) talks to
 * the server: it writes requests as text, reads responses, and after PLAY collects the RTP packets
 * that arrive interleaved on the same connection (RFC 2326 §10.12). Written without the product's
 * code so that it checks the wire. Owned by one thread.
 */
final class InterleavedRtspClient implements AutoCloseable {
    /** One response: status, headers (first value per lower-case name) and body. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An RTP packet (RFC 3550 §5.1), as received on interleaved channel 0. */
    record RtpPacket(int sequence, long timestamp, boolean marker, int payloadType, byte[] payload) { }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final List<RtpPacket> early = new ArrayList<>();
    private int cseq = 1;

    InterleavedRtspClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code METHOD uri RTSP/1.0} with the next CSeq and {@code headers} ("Name: value"). */
    Response request(String method, String uri, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(method).append(' ').append(uri).append(" RTSP/1.0\r\n");
        sb.append("CSeq: ").append(cseq++).append("\r\n");
        sb.append("User-Agent: camstream-conformance\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readResponse();
    }

    /**
     * The session id from a SETUP response's {@code Session: id;timeout=n} (RFC 2326 §12.37).
     */
    static String sessionId(Response setup) {
        String s = setup.header("Session");
        if (s == null) {
            throw new AssertionError("SETUP response without Session: " + setup);
        }
        int semi = s.indexOf(';');
        return (semi < 0 ? s : s.substring(0, semi)).strip();
    }

    /**
     * The track's URL from the SDP's {@code a=control} (RFC 2326 §C.1.1): absolute, or relative to
     * {@code Content-Base}.
     */
    static String controlUrl(Response describe) {
        String base = describe.header("Content-Base");
        String control = null;
        boolean inVideo = false;
        for (String line : describe.body().split("\r?\n")) {
            inVideo |= line.startsWith("m=video");
            if (inVideo && line.startsWith("a=control:")) {
                control = line.substring("a=control:".length()).strip();
                break;
            }
        }
        if (control == null) {
            throw new AssertionError("no a=control for the video track in " + describe.body());
        }
        if (control.startsWith("rtsp://")) {
            return control;
        }
        if (base == null) {
            throw new AssertionError("no Content-Base for the relative control " + control);
        }
        return base.endsWith("/") ? base + control : base + "/" + control;
    }

    private Response readResponse() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            if (first == '$') {
                RtpPacket p = readInterleavedBody();
                if (p != null) {
                    early.add(p); // RTP may overtake the PLAY response's reading
                }
                continue;
            }
            String statusLine = (char) first + readLine();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].equals("RTSP/1.0")) {
                throw new IOException("not an RTSP/1.0 status line: " + statusLine);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String line;
            while (!(line = readLine()).isEmpty()) {
                int colon = line.indexOf(':');
                headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            String length = headers.get("content-length");
            byte[] body = new byte[length == null ? 0 : Integer.parseInt(length)];
            in.readFully(body);
            return new Response(Integer.parseInt(parts[1]), headers,
                    new String(body, StandardCharsets.UTF_8));
        }
    }

    /**
     * Reads RTP packets of channel 0 (RTCP on channel 1 is skipped) until {@code accessUnits}
     * packets with the marker bit (RFC 6184 §5.1: the last packet of an access unit) have arrived.
     */
    List<RtpPacket> readAccessUnits(int accessUnits) throws IOException {
        List<RtpPacket> packets = new ArrayList<>(early);
        early.clear();
        int markers = (int) packets.stream().filter(RtpPacket::marker).count();
        while (markers < accessUnits) {
            int first = in.readUnsignedByte();
            if (first != '$') {
                throw new IOException("expected an interleaved frame ('$'), got byte " + first);
            }
            RtpPacket p = readInterleavedBody();
            if (p != null) {
                packets.add(p);
                markers += p.marker() ? 1 : 0;
            }
        }
        return packets;
    }

    /** After the '$': channel, 16-bit length, data; the RTP packet if on channel 0, else null. */
    private RtpPacket readInterleavedBody() throws IOException {
        int channel = in.readUnsignedByte();
        byte[] data = new byte[in.readUnsignedShort()];
        in.readFully(data);
        if (channel != 0) {
            return null;
        }
        // RFC 3550 §5.1: V=2, P, X, CC; M, PT; sequence; timestamp; SSRC; CSRCs; extension.
        if (data.length < 12 || (data[0] & 0xC0) != 0x80) {
            throw new IOException("not an RTP version 2 packet: " + data.length + " bytes");
        }
        int cc = data[0] & 0x0F;
        int offset = 12 + 4 * cc;
        if ((data[0] & 0x10) != 0) {
            int words = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
            offset += 4 + 4 * words;
        }
        int end = data.length;
        if ((data[0] & 0x20) != 0) {
            end -= data[data.length - 1] & 0xFF;
        }
        byte[] payload = java.util.Arrays.copyOfRange(data, offset, end);
        int seq = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        long ts = ((data[4] & 0xFFL) << 24) | ((data[5] & 0xFF) << 16) | ((data[6] & 0xFF) << 8)
                | (data[7] & 0xFF);
        return new RtpPacket(seq, ts, (data[1] & 0x80) != 0, data[1] & 0x7F, payload);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
