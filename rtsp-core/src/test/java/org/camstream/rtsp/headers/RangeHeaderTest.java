package org.camstream.rtsp.headers;

import static org.assertj.core.api.Assertions.assertThat;

import org.camstream.rtsp.wire.RtspException;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeHeaderTest {

    static RtspException.BadHeader failure(String v) {
        try {
            RangeHeader.parse(v);
        } catch (RtspException.BadHeader e) {
            return e;
        }
        throw new AssertionError("parsed " + v);
    }

    @Test
    void ffmpegAndVlcOpenRangeFromZero() throws Exception {
        RangeHeader r = RangeHeader.parse("npt=0.000-");
        assertThat(r.start()).hasValue(0.0);
        assertThat(r.end()).isEmpty();
        assertThat(r.now()).isFalse();
        assertThat(RangeHeader.parse("npt=0-")).isEqualTo(r);
    }

    @Test
    void gstreamerNow() throws Exception {
        RangeHeader r = RangeHeader.parse("npt=now-");
        assertThat(r.now()).isTrue();
        assertThat(r.start()).isEmpty();
        assertThat(r.format()).isEqualTo("npt=now-");
    }

    /** RFC 2326 §3.6 npt-sec and npt-hhmmss forms; §12.29 time parameter ignored. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "npt=12.5-30|12.5|30",
        "npt=00:01:02.5-|62.5|",
        "npt=1:00:00-1:00:01.25|3600|3601.25",
        "npt = 5 - 7 ;time=19970123T143720Z|5|7",
        "npt=-30||30",
        "NPT=3.-|3|",
    })
    void nptForms(String value, Double start, Double end) throws Exception {
        RangeHeader r = RangeHeader.parse(value);
        assertThat(r.start()).isEqualTo(start == null ? OptionalDouble.empty() : OptionalDouble.of(start));
        assertThat(r.end()).isEqualTo(end == null ? OptionalDouble.empty() : OptionalDouble.of(end));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "smpte=10:07:00-10:07:33:05.01|457",
        "clock=19961108T142300Z-19961108T143520Z|457",
        "npt=30-10|457",
        "npt=abc-|400",
        "npt=1:99:00-|400",
        "npt=1:00:60-|400",
        "npt=-|400",
        "npt=5|400",
        "0-|400",
    })
    void rejected(String value, int code) {
        assertThat(failure(value).status().code()).isEqualTo(code);
    }

    @Test
    void liveAnswer() {
        assertThat(RangeHeader.LIVE.format()).isEqualTo("npt=0.000-");
    }

    @Provide
    Arbitrary<RangeHeader> ranges() {
        Arbitrary<Long> ms = Arbitraries.longs().between(0, 100_000_000L);
        return Arbitraries.oneOf(
                Arbitraries.just(new RangeHeader(OptionalDouble.empty(), OptionalDouble.empty(), true)),
                ms.map(s -> new RangeHeader(OptionalDouble.of(s / 1000.0), OptionalDouble.empty(), false)),
                ms.map(e -> new RangeHeader(OptionalDouble.empty(), OptionalDouble.of(e / 1000.0), false)),
                ms.tuple2().map(t -> new RangeHeader(OptionalDouble.of(Math.min(t.get1(), t.get2()) / 1000.0),
                        OptionalDouble.of(Math.max(t.get1(), t.get2()) / 1000.0), false)));
    }

    @Property(tries = 300)
    void roundTrips(@ForAll("ranges") RangeHeader r) throws Exception {
        assertThat(RangeHeader.parse(r.format())).isEqualTo(r);
    }
}
