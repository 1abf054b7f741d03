package org.camstream.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.CharRange;

/** The Android-safe strip/isBlank give what Java 11's String methods give. */
class WhitespaceTest {

    @Property
    void sameAsTheJdk(@ForAll @Chars({' ', '\t', '\r', '\n', '\u000b', '\f', '\u001c', '\u00a0', '\u2003', '\u0001', 'a', ';', '='})
            @CharRange(from = 'a', to = 'c') String s) {
        assertThat(Whitespace.strip(s)).isEqualTo(s.strip());
        assertThat(Whitespace.stripTrailing(s)).isEqualTo(s.stripTrailing());
        assertThat(Whitespace.isBlank(s)).isEqualTo(s.isBlank());
    }
}
