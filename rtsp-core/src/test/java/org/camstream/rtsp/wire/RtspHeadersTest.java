package org.camstream.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtspHeadersTest {

    /** RFC 2326 §4.2: names are case-insensitive; written in canonical case for picky clients. */
    @Test
    void canonicalNamesAndCaseInsensitiveLookup() {
        RtspHeaders h = new RtspHeaders();
        h.add("cseq", "1");
        h.add("rtp-info", "url=x");
        h.add("www-authenticate", "Digest realm=\"r\"");
        h.add("content-base", "rtsp://h/");
        h.add("X-Custom-thing", "v");
        List<String> names = new ArrayList<>();
        h.forEach(f -> names.add(f.name()));
        assertThat(names).containsExactly("CSeq", "RTP-Info", "WWW-Authenticate", "Content-Base",
                "X-Custom-thing");
        assertThat(h.get("CSEQ")).isEqualTo("1");
        assertThat(h.get("x-custom-THING")).isEqualTo("v");
        assertThat(h.get("Session")).isNull();
        assertThat(h.size()).isEqualTo(5);
    }

    @Test
    void getAllKeepsOrderAndSetReplacesInPlace() {
        RtspHeaders h = new RtspHeaders();
        h.add("Via", "a");
        h.add("CSeq", "1");
        h.add("via", "b");
        assertThat(h.getAll("VIA")).containsExactly("a", "b");
        h.set("VIA", "c");
        assertThat(h.getAll("Via")).containsExactly("c");
        assertThat(h.field(0)).isEqualTo(new RtspHeaders.Field("Via", "c"));
        assertThat(h.size()).isEqualTo(2);
        h.set("Session", "s");
        assertThat(h.field(2).name()).isEqualTo("Session");
        assertThat(h.remove("cseq")).isTrue();
        assertThat(h.remove("cseq")).isFalse();
        assertThat(h.size()).isEqualTo(2);
    }

    @Test
    void tokenRules() {
        assertThat(RtspHeaders.isToken("Content-Length")).isTrue();
        assertThat(RtspHeaders.isToken("")).isFalse();
        assertThat(RtspHeaders.isToken("a b")).isFalse();
        assertThat(RtspHeaders.isToken("a:b")).isFalse();
        assertThat(RtspHeaders.isToken("é")).isFalse();
    }
}
