package org.camstream.rtsp.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A {@link PublisherMachine.Io} that records what the machine asked for; tests play the server. */
final class FakeIo implements PublisherMachine.Io {
    final List<String> events = new ArrayList<>();
    final List<String> requests = new ArrayList<>();
    /** Failures to throw from the next connect() calls (null: succeed). */
    final Deque<IOException> connectFailures = new ArrayDeque<>();
    int udpPort = 5000;
    int connects;
    int closes;

    @Override
    public void connect(String host, int port) throws IOException {
        connects++;
        events.add("connect " + host + ":" + port);
        IOException e = connectFailures.poll();
        if (e != null) throw e;
    }

    @Override
    public void send(byte[] request) {
        String r = new String(request, StandardCharsets.UTF_8);
        requests.add(r);
        events.add("send " + r.substring(0, r.indexOf(' ')));
    }

    @Override
    public int openUdp() {
        events.add("openUdp");
        return udpPort;
    }

    @Override
    public void startMedia(boolean tcp, int rtp, int rtcp) {
        events.add("startMedia " + (tcp ? "tcp " : "udp ") + rtp + "-" + rtcp);
    }

    @Override
    public void closeConnection() {
        closes++;
        events.add("close");
    }

    String lastRequest() {
        return requests.get(requests.size() - 1);
    }

    /** The value of {@code name} in the last request, or null. */
    String lastHeader(String name) {
        for (String line : lastRequest().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
        }
        return null;
    }

    int lastCseq() {
        return Integer.parseInt(lastHeader("CSeq"));
    }

    String lastRequestLine() {
        String r = lastRequest();
        return r.substring(0, r.indexOf("\r\n"));
    }
}
