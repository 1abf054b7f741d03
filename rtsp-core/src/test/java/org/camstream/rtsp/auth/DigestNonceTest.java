package org.camstream.rtsp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link DigestNonce}: what a nonce says comes back intact, and any other string opens to nothing. */
class DigestNonceTest {
    private final DigestNonce nonces = new DigestNonce();

    @Property
    void roundTrips(@ForAll long expiry, @ForAll long connection, @ForAll long sequence, @ForAll boolean md5) {
        DigestAlgorithm a = md5 ? DigestAlgorithm.MD5 : DigestAlgorithm.SHA_256;
        DigestNonce.Contents c = nonces.open(nonces.issue(expiry, connection, sequence, a));
        assertThat(c).isNotNull();
        assertThat(c.expiryMillis).isEqualTo(expiry);
        assertThat(c.connection).isEqualTo(connection);
        assertThat(c.sequence).isEqualTo(sequence);
        assertThat(c.algorithm).isEqualTo(a);
    }

    /** Any one character changed (the connection, the algorithm, the tag, spare bits) is not a nonce. */
    @Property
    void anyChangeIsRefused(@ForAll @IntRange(min = 0, max = 54) int position, @ForAll @IntRange(min = 1, max = 63) int shift) {
        String n = nonces.issue(1000, 2, 3, DigestAlgorithm.SHA_256);
        assertThat(n).hasSize(55);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char c = alphabet.charAt((alphabet.indexOf(n.charAt(position)) + shift) % 64);
        String changed = n.substring(0, position) + c + n.substring(position + 1);
        assertThat(nonces.open(changed)).isNull();
    }

    @Test
    void anotherServerRunsNoncesAndGarbageAreRefused() {
        String n = new DigestNonce().issue(1000, 2, 3, DigestAlgorithm.MD5);
        assertThat(nonces.open(n)).isNull();
        assertThat(nonces.open("")).isNull();
        assertThat(nonces.open("not base64!")).isNull();
        assertThat(nonces.open(n + "A")).isNull();
    }
}
