package org.camstream.rtsp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The Android-safe Base64 (RFC 4648) against the JDK's, which tests may use. */
class Base64CodecTest {

    @Property
    void encodesAsTheJdk(@ForAll @Size(max = 40) byte[] data) {
        assertThat(Base64Codec.STANDARD.encode(data)).isEqualTo(Base64.getEncoder().encodeToString(data));
        assertThat(Base64Codec.URL_NO_PADDING.encode(data))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(data));
    }

    @Property
    void decodesWhatTheJdkWrites(@ForAll @Size(max = 40) byte[] data) {
        assertThat(Base64Codec.STANDARD.decode(Base64.getEncoder().encodeToString(data))).isEqualTo(data);
        assertThat(Base64Codec.STANDARD.decode(Base64.getEncoder().withoutPadding().encodeToString(data)))
                .as("padding optional, as for the JDK's decoder").isEqualTo(data);
        assertThat(Base64Codec.URL_NO_PADDING.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(data)))
                .isEqualTo(data);
    }

    @Test
    void rejectsWhatIsNotBase64() {
        assertThatThrownBy(() -> Base64Codec.STANDARD.decode("ab$d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base64Codec.STANDARD.decode("abcde")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base64Codec.URL_NO_PADDING.decode("ab+d")).as("+ is not URL-safe")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base64Codec.STANDARD.decode("a=bc")).isInstanceOf(IllegalArgumentException.class);
    }
}
