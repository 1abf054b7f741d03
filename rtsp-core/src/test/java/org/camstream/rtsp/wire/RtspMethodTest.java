package org.camstream.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtspMethodTest {

    @Test
    void everyMethodRoundTripsThroughItsToken() {
        for (RtspMethod m : RtspMethod.values()) {
            assertThat(RtspMethod.fromToken(m.token())).isSameAs(m);
        }
        assertThat(RtspMethod.fromToken("GET_PARAMETER")).isEqualTo(RtspMethod.GET_PARAMETER);
    }

    /** RFC 2326 §6.1: the method is case-sensitive. */
    @Test
    void lookupIsCaseSensitiveAndUnknownIsNull() {
        assertThat(RtspMethod.fromToken("describe")).isNull();
        assertThat(RtspMethod.fromToken("GET")).isNull();
        assertThat(RtspMethod.fromToken("")).isNull();
        assertThat(RtspMethod.fromToken(null)).isNull();
    }
}
