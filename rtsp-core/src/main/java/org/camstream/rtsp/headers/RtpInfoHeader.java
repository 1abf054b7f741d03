package org.camstream.rtsp.headers;

import java.util.Collections;
import org.camstream.rtsp.wire.Whitespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspStatus;

/**
 * The RTP-Info header (RFC 2326 §12.33), sent in the PLAY response: per stream
 * {@code url=<uri>;seq=<n>;rtptime=<n>}, entries separated by commas. It tells the client the
 * first sequence number and the RTP timestamp that maps to the Range start.
 *
 * <p>Parsing (the twin, for tests and clients) splits entries at a comma followed by
 * {@code url=}, since a URL may itself contain commas (RFC 7826 quotes the URL for that reason).
 *
 * <p>Immutable; thread-safe.
 */
public final class RtpInfoHeader {

    /** One stream's entry. Immutable. */
    public static final class Entry {
        private final String url;
        private final OptionalInt seq;
        private final OptionalLong rtptime;

        /**
         * @param url the stream URL (RFC 2326 §12.33: the URL as in the SETUP)
         * @param seq first RTP sequence number 0..65535 (RFC 3550 §5.1)
         * @param rtptime RTP timestamp 0..2^32-1 of the first packet
         */
        public Entry(String url, OptionalInt seq, OptionalLong rtptime) {
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
            this.url = url;
            this.seq = seq;
            this.rtptime = rtptime;
        }

        public String url() {
            return url;
        }

        public OptionalInt seq() {
            return seq;
        }

        public OptionalLong rtptime() {
            return rtptime;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Entry)) return false;
            Entry e = (Entry) o;
            return url.equals(e.url) && seq.equals(e.seq) && rtptime.equals(e.rtptime);
        }

        @Override
        public int hashCode() {
            return Objects.hash(url, seq, rtptime);
        }

        @Override
        public String toString() {
            return format();
        }

        /** Entry with both values, as a server sends it. */
        public static Entry of(String url, int seq, long rtptime) {
            return new Entry(url, OptionalInt.of(seq), OptionalLong.of(rtptime));
        }

        public String format() {
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

    private final List<Entry> entries;

    /** @param entries one per stream, in order */
    public RtpInfoHeader(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
        if (this.entries.isEmpty()) {
            throw new IllegalArgumentException("no entries");
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpInfoHeader && entries.equals(((RtpInfoHeader) o).entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** Wire form: entries joined by {@code ","}. */
    public String format() {
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

    /** @throws RtspException.BadHeader 400 on malformed entries */
    public static RtpInfoHeader parse(String value) throws RtspException.BadHeader {
        if (value == null || Whitespace.isBlank(value)) {
            throw bad("empty RTP-Info");
        }
        List<Entry> entries = new ArrayList<>();
        for (String raw : Whitespace.strip(value).split(",\\s*(?=[uU][rR][lL]\\s*=)")) {
            String url = null;
            OptionalInt seq = OptionalInt.empty();
            OptionalLong rtptime = OptionalLong.empty();
            for (String p : raw.split(";")) {
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = Whitespace.strip(p.substring(0, eq)).toLowerCase(Locale.ROOT);
                String v = HeaderSyntax.unquote(Whitespace.strip(p.substring(eq + 1)));
                if (name.equals("url")) {
                    url = v;
                } else if (name.equals("seq")) {
                    seq = OptionalInt.of((int) number(v, 0xFFFF));
                } else if (name.equals("rtptime")) {
                    rtptime = OptionalLong.of(number(v, 0xFFFF_FFFFL));
                } // RFC 2326 §12.33: unknown parameters ignored
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

    private static long number(String v, long max) throws RtspException.BadHeader {
        if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad("not a number: " + v);
        }
        long n = Long.parseLong(v);
        if (n > max) {
            throw bad("out of range: " + v);
        }
        return n;
    }

    private static RtspException.BadHeader bad(String m) {
        return new RtspException.BadHeader(RtspStatus.BAD_REQUEST, m);
    }
}
