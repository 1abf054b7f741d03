package org.camstream.rtsp.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspStatus;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SessionHeaderTest {

    @Test
    void plainIdAndIdWithTimeout() throws Exception {
        assertThat(SessionHeader.parse("12345678")).isEqualTo(new SessionHeader("12345678", OptionalInt.empty()));
        assertThat(SessionHeader.parse("A1b2$-_.+;timeout=60"))
                .isEqualTo(new SessionHeader("A1b2$-_.+", OptionalInt.of(60)));
    }

    /** Some clients (older VLC/live555 builds) echo the server's value with spaces. */
    @Test
    void toleratesSpacesAndUnknownParameters() throws Exception {
        SessionHeader s = SessionHeader.parse("  DEADBEEF ; Timeout = 30 ; x=y ");
        assertThat(s.id()).isEqualTo("DEADBEEF");
        assertThat(s.timeout()).hasValue(30);
    }

    @Test
    void malformedIsBadRequest() {
        for (String v : new String[] {"", " ", "a b", "abc/def", "id;timeout=x", "id;timeout=-1", "ïd"}) {
            assertThatThrownBy(() -> SessionHeader.parse(v)).as(v)
                    .isInstanceOfSatisfying(RtspException.BadHeader.class,
                            e -> assertThat(e.status()).isEqualTo(RtspStatus.BAD_REQUEST));
        }
    }

    @Test
    void formats() {
        assertThat(new SessionHeader("abc", OptionalInt.of(60)).format()).isEqualTo("abc;timeout=60");
        assertThat(new SessionHeader("abc", OptionalInt.empty()).format()).isEqualTo("abc");
    }

    @Provide
    Arbitrary<SessionHeader> sessions() {
        Arbitrary<String> id = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars("$-_.+ABCZ").ofMinLength(1).ofMaxLength(20);
        Arbitrary<OptionalInt> timeout = Arbitraries.integers().between(0, 100_000).map(OptionalInt::of)
                .injectNull(0.3).map(o -> o == null ? OptionalInt.empty() : o);
        return id.flatMap(i -> timeout.map(t -> new SessionHeader(i, t)));
    }

    @Property(tries = 300)
    void roundTrips(@ForAll("sessions") SessionHeader s) throws Exception {
        assertThat(SessionHeader.parse(s.format())).isEqualTo(s);
    }
}
