package org.camstream.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RtspStatusTest {

    /** Codes from the RFC 2326 §7.1.1 table, written out independently of the enum. */
    @Test
    void codesMatchRfc2326Table() {
        assertThat(RtspStatus.OK.code()).isEqualTo(200);
        assertThat(RtspStatus.SESSION_NOT_FOUND.code()).isEqualTo(454);
        assertThat(RtspStatus.METHOD_NOT_VALID_IN_THIS_STATE.code()).isEqualTo(455);
        assertThat(RtspStatus.UNSUPPORTED_TRANSPORT.code()).isEqualTo(461);
        assertThat(RtspStatus.RTSP_VERSION_NOT_SUPPORTED.code()).isEqualTo(505);
        assertThat(RtspStatus.OPTION_NOT_SUPPORTED.code()).isEqualTo(551);
        assertThat(RtspStatus.UNSUPPORTED_TRANSPORT.reason()).isEqualTo("Unsupported transport");
    }

    @Test
    void codesAreUniqueThreeDigitAndLookupable() {
        Set<Integer> seen = new HashSet<>();
        for (RtspStatus s : RtspStatus.values()) {
            assertThat(s.code()).isBetween(100, 599);
            assertThat(seen.add(s.code())).as("duplicate %s", s).isTrue();
            assertThat(RtspStatus.fromCode(s.code())).isSameAs(s);
            assertThat(s.reason()).isNotBlank().doesNotContain("\r", "\n");
        }
        assertThat(RtspStatus.fromCode(299)).isNull();
    }
}
