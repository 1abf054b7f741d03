package org.camstream.rtsp.auth;

/**
 * Base64 of RFC 4648: the standard alphabet with padding (§4, Basic credentials, RFC 7617 §2) and the
 * URL-safe one without padding (§5, our nonces). java.util.Base64 would do, but Android has it only
 * from API 26. Stateless and thread-safe.
 */
final class Base64Codec {
    static final Base64Codec STANDARD =
            new Base64Codec("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true);
    static final Base64Codec URL_NO_PADDING =
            new Base64Codec("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false);

    private final char[] alphabet;
    private final int[] values = new int[128];
    private final boolean padded;

    private Base64Codec(String alphabet, boolean padded) {
        this.alphabet = alphabet.toCharArray();
        this.padded = padded;
        java.util.Arrays.fill(values, -1);
        for (int i = 0; i < 64; i++) {
            values[alphabet.charAt(i)] = i;
        }
    }

    String encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length + 2) / 3 * 4);
        int i = 0;
        for (; i + 2 < data.length; i += 3) {
            int v = (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff);
            sb.append(alphabet[v >>> 18]).append(alphabet[(v >>> 12) & 63]).append(alphabet[(v >>> 6) & 63])
                    .append(alphabet[v & 63]);
        }
        int rest = data.length - i;
        if (rest > 0) {
            int v = (data[i] & 0xff) << 16 | (rest == 2 ? (data[i + 1] & 0xff) << 8 : 0);
            sb.append(alphabet[v >>> 18]).append(alphabet[(v >>> 12) & 63]);
            if (rest == 2) {
                sb.append(alphabet[(v >>> 6) & 63]);
            }
            if (padded) {
                sb.append(rest == 2 ? "=" : "==");
            }
        }
        return sb.toString();
    }

    /**
     * The bytes {@code s} encodes.
     *
     * Padding is optional (as the JDK's decoder takes it); bits after the last whole byte are ignored.
     *
     * @throws IllegalArgumentException on a character outside the alphabet, misplaced padding or a length
     *         no encoding has
     */
    byte[] decode(String s) {
        int len = s.length();
        if (padded && len % 4 == 0 && len > 0 && s.charAt(len - 1) == '=') {
            len -= len > 1 && s.charAt(len - 2) == '=' ? 2 : 1; // RFC 4648 §3.2
        }
        if (len % 4 == 1) {
            throw new IllegalArgumentException("base64 length " + len + " encodes no whole byte");
        }
        byte[] out = new byte[len * 3 / 4];
        int o = 0;
        int acc = 0;
        int bits = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            int v = c < 128 ? values[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("not a base64 character at " + i);
            }
            acc = acc << 6 | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >>> bits);
                acc &= (1 << bits) - 1;
            }
        }
        return out;
    }
}
