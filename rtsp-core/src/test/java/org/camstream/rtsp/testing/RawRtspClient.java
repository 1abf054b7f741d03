package org.camstream.rtsp.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * A deliberately dumb RTSP client for tests: writes raw bytes, reads raw responses and interleaved
 * frames. It does not share code with the server, so the tests check the wire, not our own parser.
 */
public final class RawRtspClient implements AutoCloseable {
    public record Response(int status, Map<String, String> headers, List<String[]> allHeaders, String body) {
        /** The first value of a header (names are case-insensitive). */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** Every value of a repeated header, in order. */
        public List<String> headerValues(String name) {
            List<String> values = new ArrayList<>();
            for (String[] h : allHeaders) if (h[0].equalsIgnoreCase(name)) values.add(h[1]);
            return values;
        }
    }

    public record Interleaved(int channel, byte[] data) { }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int cseq = 1;

    public RawRtspClient(int port) throws IOException {
        this(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** Wraps an already connected socket (e.g. one with a tiny receive buffer). */
    public RawRtspClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends METHOD uri with the given extra header lines (each "Name: value") and the next CSeq. */
    public Response request(String method, String uri, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(method).append(' ').append(uri).append(" RTSP/1.0\r\n");
        sb.append("CSeq: ").append(cseq++).append("\r\n");
        for (String h : headers) sb.append(h).append("\r\n");
        sb.append("\r\n");
        sendRaw(sb.toString());
        return readResponse();
    }

    /** Reads the next response, skipping interleaved frames that arrive before it. */
    public Response readResponse() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            if (first == '$') {
                skipInterleavedBody();
                continue;
            }
            String statusLine = (char) first + readLine();
            String[] parts = statusLine.split(" ", 3);
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            List<String[]> all = new ArrayList<>();
            String line;
            while (!(line = readLine()).isEmpty()) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                all.add(new String[] {name, value});
            }
            int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
            byte[] body = new byte[length];
            in.readFully(body);
            return new Response(status, headers, all, new String(body, StandardCharsets.UTF_8));
        }
    }

    /** Reads the next interleaved frame (RFC 2326 §10.12). */
    public Interleaved readInterleaved() throws IOException {
        int first = in.readUnsignedByte();
        if (first != '$') throw new IOException("expected '$', got " + first);
        int channel = in.readUnsignedByte();
        int length = in.readUnsignedShort();
        byte[] data = new byte[length];
        in.readFully(data);
        return new Interleaved(channel, data);
    }

    private void skipInterleavedBody() throws IOException {
        in.readUnsignedByte();
        int length = in.readUnsignedShort();
        in.skipNBytes(length);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new IOException("connection closed");
            if (b != '\r') line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** True if the server closed the connection (read returns EOF within the socket timeout). */
    public boolean closedByServer() throws IOException {
        InputStream raw = socket.getInputStream();
        try {
            while (true) {
                int b = raw.read();
                if (b < 0) return true;
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    /** This client's end of the connection (the server sees it as the remote address). */
    public java.net.InetSocketAddress localAddress() {
        return (java.net.InetSocketAddress) socket.getLocalSocketAddress();
    }

    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
