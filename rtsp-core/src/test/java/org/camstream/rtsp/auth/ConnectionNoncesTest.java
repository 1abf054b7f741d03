package org.camstream.rtsp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionNonces}: a nonce count passes only above the highest one seen for its nonce, an
 * older nonce of the connection is refused once a newer one passed (RFC 7616 §3.4, §5.12), and nc is
 * read only as 8 hex digits.
 */
class ConnectionNoncesTest {

    @Test
    void countsMustIncreasePerNonce() {
        ConnectionNonces n = new ConnectionNonces(7);
        long s = n.nextSequence();
        assertThat(n.admit(s, 0)).as("nc counts from 1").isFalse();
        assertThat(n.admit(s, 1)).isTrue();
        assertThat(n.admit(s, 1)).as("repeat").isFalse();
        assertThat(n.admit(s, 3)).as("a gap").isTrue();
        assertThat(n.admit(s, 2)).as("backwards").isFalse();
        assertThat(n.admit(s, ConnectionNonces.NO_COUNT)).as("RFC 2069 form: nothing to count").isTrue();
        assertThat(n.admit(s, 3)).as("the count survives a count-less answer").isFalse();
    }

    @Test
    void newerNonceSupersedesOlderOnes() {
        ConnectionNonces n = new ConnectionNonces(1);
        long a = n.nextSequence();
        long b = n.nextSequence();
        assertThat(n.admit(b, 5)).isTrue();
        assertThat(n.admit(a, 1)).as("older nonce").isFalse();
        long c = n.nextSequence();
        assertThat(n.admit(c, 1)).as("a new nonce counts from 1 again").isTrue();
        assertThat(n.admit(c + 1, 1)).as("never issued").isFalse();
    }

    /** Against a model that remembers every (nonce, count) ever accepted: no pair passes twice, counts only rise. */
    @Property
    void neverAcceptsAReplay(@ForAll("steps") List<long[]> steps) {
        ConnectionNonces n = new ConnectionNonces(1);
        for (int i = 0; i < 4; i++) n.nextSequence();
        List<long[]> accepted = new ArrayList<>();
        for (long[] step : steps) {
            if (n.admit(step[0], step[1])) {
                for (long[] prior : accepted) {
                    assertThat(step[0]).isGreaterThanOrEqualTo(prior[0]);
                    if (prior[0] == step[0]) assertThat(step[1]).isGreaterThan(prior[1]);
                }
                accepted.add(step);
            }
        }
    }

    @Provide
    Arbitrary<List<long[]>> steps() {
        return Arbitraries.longs().between(1, 4).flatMap(s -> Arbitraries.longs().between(0, 6).map(c -> new long[] {s, c}))
                .list().ofMaxSize(30);
    }

    @Property
    void parsesExactlyEightHexDigits(@ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long value, @ForAll boolean upper) {
        String hex = String.format(Locale.ROOT, upper ? "%08X" : "%08x", value);
        assertThat(ConnectionNonces.parseCount(hex)).isEqualTo(value);
    }

    @Property
    void anythingElseIsNoCount(@ForAll @IntRange(min = 0, max = 12) int length, @ForAll("nearHex") String s) {
        String v = s.length() > length ? s.substring(0, length) : s;
        boolean valid = v.length() == 8 && v.chars().allMatch(c -> "0123456789abcdefABCDEF".indexOf(c) >= 0);
        assertThat(ConnectionNonces.parseCount(v) >= 0).as(v).isEqualTo(valid);
    }

    @Provide
    Arbitrary<String> nearHex() {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEFgz+- \u0661\uff10").ofMinLength(0).ofMaxLength(12);
    }

    @Test
    void nullAndNonAsciiDigitsAreNoCount() {
        assertThat(ConnectionNonces.parseCount(null)).isNegative();
        assertThat(ConnectionNonces.parseCount("0000000\u0661")).as("Arabic-Indic one").isNegative();
        assertThat(ConnectionNonces.parseCount("zzzzzzzz")).isNegative();
    }
}
