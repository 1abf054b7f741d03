package org.camstream.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The RTP-Info header (RFC 2326 §12.33), sent in the PLAY response: per stream
 * {@code url=<uri>;seq=<n>;rtptime=<n>}, entries separated by commas. It tells the client the
 * first sequence number and the RTP timestamp that maps to the Range start.
 *
 * <p>Parsing (the twin, for tests and clients) splits entries at a comma followed by
 * {@code url=}, since a URL may itself contain commas (RFC 7826 quotes the URL for that reason).
 *
 * <p>Immutable; thread-safe.
 *
 * @param entries one per stream, in order
 */
record RtpInfoHeader(List<Entry> entries) {

    /**
     * One stream's entry.
     *
     * @param url the stream URL (RFC 2326 §12.33: the URL as in the SETUP)
     * @param seq first RTP sequence number 0..65535 (RFC 3550 §5.1)
     * @param rtptime RTP timestamp 0..2^32-1 of the first packet
     */
    record Entry(String url, OptionalInt seq, OptionalLong rtptime) {
        Entry {
            Objects.requireNonNull(url);
            Objects.requireNonNull(seq);
            Objects.requireNonNull(rtptime);
            if (url.isEmpty() || url.indexOf(';') >= 0 || url.indexOf('\r') >= 0 || url.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("bad url: " + url);
            }
            if (seq.isPresent() && (seq.getAsInt() < 0 || seq.getAsInt() > 0xFFFF)) {
                throw new IllegalArgumentException("seq " + seq);
            }
            if (rtptime.isPresent() && (rtptime.getAsLong() < 0 || rtptime.getAsLong() > 0xFFFF_FFFFL)) {
                throw new IllegalArgumentException("rtptime " + rtptime);
            }
        }

        /** Entry with both values, as a server sends it. */
        static Entry of(String url, int seq, long rtptime) {
            return new Entry(url, OptionalInt.of(seq), OptionalLong.of(rtptime));
        }

        String format() {
            StringBuilder sb = new StringBuilder("url=").append(url);
            if (seq.isPresent()) {
                sb.append(";seq=").append(seq.getAsInt());
            }
            if (rtptime.isPresent()) {
                sb.append(";rtptime=").append(rtptime.getAsLong());
            }
            return sb.toString();
        }
    }

    RtpInfoHeader {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no entries");
        }
    }

    /** Wire form: entries joined by {@code ","}. */
    String format() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.format());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    /** @throws HeaderFormatException 400 on malformed entries */
    static RtpInfoHeader parse(String value) throws HeaderFormatException {
        if (value == null || value.isBlank()) {
            throw bad("empty RTP-Info");
        }
        List<Entry> entries = new ArrayList<>();
        for (String raw : value.strip().split(",\\s*(?=[uU][rR][lL]\\s*=)")) {
            String url = null;
            OptionalInt seq = OptionalInt.empty();
            OptionalLong rtptime = OptionalLong.empty();
            for (String p : raw.split(";")) {
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String v = TransportHeader.unquote(p.substring(eq + 1).strip());
                switch (name) {
                    case "url" -> url = v;
                    case "seq" -> seq = OptionalInt.of((int) number(v, 0xFFFF));
                    case "rtptime" -> rtptime = OptionalLong.of(number(v, 0xFFFF_FFFFL));
                    default -> { } // RFC 2326 §12.33: unknown parameters ignored
                }
            }
            if (url == null || url.isEmpty()) {
                throw bad("RTP-Info entry without url: " + raw);
            }
            try {
                entries.add(new Entry(url, seq, rtptime));
            } catch (IllegalArgumentException e) { // CR/LF in the url
                throw bad(e.getMessage());
            }
        }
        return new RtpInfoHeader(entries);
    }

    private static long number(String v, long max) throws HeaderFormatException {
        if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad("not a number: " + v);
        }
        long n = Long.parseLong(v);
        if (n > max) {
            throw bad("out of range: " + v);
        }
        return n;
    }

    private static HeaderFormatException bad(String m) {
        return new HeaderFormatException(RtspStatus.BAD_REQUEST, m);
    }
}
