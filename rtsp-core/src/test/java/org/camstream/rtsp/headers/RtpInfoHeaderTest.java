package org.camstream.rtsp.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camstream.rtsp.wire.RtspException;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RtpInfoHeaderTest {

    /** RFC 2326 §12.33 form: url=...;seq=...;rtptime=..., entries comma-separated. */
    @Test
    void formatsPlayAnswer() {
        RtpInfoHeader h = new RtpInfoHeader(List.of(
                RtpInfoHeader.Entry.of("rtsp://h:8554/trackID=0", 45102, 4294967295L)));
        assertThat(h.format()).isEqualTo("url=rtsp://h:8554/trackID=0;seq=45102;rtptime=4294967295");
    }

    @Test
    void parsesSeveralEntriesAndUrlsWithCommas() throws Exception {
        RtpInfoHeader h = RtpInfoHeader.parse(
                "url=rtsp://h/a,b/trackID=0;seq=1;rtptime=2, url=rtsp://h/trackID=1;seq=3");
        assertThat(h.entries()).containsExactly(
                RtpInfoHeader.Entry.of("rtsp://h/a,b/trackID=0", 1, 2),
                new RtpInfoHeader.Entry("rtsp://h/trackID=1", OptionalInt.of(3), OptionalLong.empty()));
    }

    @Test
    void rejectsOutOfRangeAndMissingUrl() {
        assertThatThrownBy(() -> RtpInfoHeader.parse("url=x;seq=65536")).isInstanceOf(RtspException.BadHeader.class);
        assertThatThrownBy(() -> RtpInfoHeader.parse("url=x;rtptime=4294967296"))
                .isInstanceOf(RtspException.BadHeader.class);
        assertThatThrownBy(() -> RtpInfoHeader.parse("seq=1")).isInstanceOf(RtspException.BadHeader.class);
        // found by RtspFuzzTest: a CR inside the url must be a format error, not an IAE
        assertThatThrownBy(() -> RtpInfoHeader.parse("url=r\rtsp://h/;seq=1")).isInstanceOf(RtspException.BadHeader.class);
        assertThatThrownBy(() -> RtpInfoHeader.Entry.of("x", -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<RtpInfoHeader> headers() {
        Arbitrary<RtpInfoHeader.Entry> entry = Combinators.combine(
                Arbitraries.strings().withChars("abc019/:=._,").ofMinLength(1).ofMaxLength(20)
                        .map(s -> "rtsp://h/" + s),
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL))
                .as(RtpInfoHeader.Entry::of);
        return entry.list().ofMinSize(1).ofMaxSize(3).map(RtpInfoHeader::new);
    }

    @Property(tries = 300)
    void roundTrips(@ForAll("headers") RtpInfoHeader h) throws Exception {
        assertThat(RtpInfoHeader.parse(h.format())).isEqualTo(h);
    }
}
