package org.camstream.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The encoders sdp writes itself because Android API 24 lacks the JDK's (java.util.Base64 and
 * Long.toUnsignedString are API 26), checked against the JDK's own, which the tests may use.
 */
class AndroidSafeEncodingTest {

    /** RFC 4648 §4 with padding, as sprop-parameter-sets needs (RFC 6184 §8.1). */
    @Property
    void base64MatchesTheJdk(@ForAll @Size(max = 64) byte[] data) {
        StringBuilder sb = new StringBuilder();
        H264Fmtp.appendBase64(sb, data);
        assertThat(sb.toString()).isEqualTo(Base64.getEncoder().encodeToString(data));
    }

    /** The o= line's sess-id and sess-version are written unsigned (RFC 8866 §5.2). */
    @Property
    void unsignedDecimalMatchesTheJdk(@ForAll long v) {
        assertThat(SessionDescription.unsignedDecimal(v)).isEqualTo(Long.toUnsignedString(v));
    }
}
