package org.camstream.rtsp.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspStatus;
import org.junit.jupiter.api.Test;

/** {@link AuthorizationHeader}: RFC 7235 §2.1, each auth-param name once (issue 10 Low 12). */
class AuthorizationHeaderTest {

    @Test
    void aParameterNamedTwiceIsA400() {
        for (String v : new String[] {"Digest response=\"a\", response=\"b\"", "Digest nc=00000001, NC=00000002",
                "Digest username=a, realm=r, Username=\"a\""}) {
            assertThatThrownBy(() -> AuthorizationHeader.parse(v)).as(v).isInstanceOf(RtspException.BadHeader.class)
                    .extracting(e -> ((RtspException.BadHeader) e).status()).isEqualTo(RtspStatus.BAD_REQUEST);
        }
    }

    @Test
    void distinctParametersParse() throws Exception {
        AuthorizationHeader h = AuthorizationHeader.parse("Digest username=\"a\", nc=00000001, cnonce=\"x\"");
        assertThat(h.params()).containsOnlyKeys("username", "nc", "cnonce");
    }
}
