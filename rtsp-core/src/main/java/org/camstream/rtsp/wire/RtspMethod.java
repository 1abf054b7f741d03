package org.camstream.rtsp.wire;

/**
 * RTSP 1.0 request methods (RFC 2326 §6.1, §10).
 *
 * <p>Immutable; thread-safe.
 */
public enum RtspMethod {
    OPTIONS("OPTIONS"),
    DESCRIBE("DESCRIBE"),
    SETUP("SETUP"),
    PLAY("PLAY"),
    PAUSE("PAUSE"),
    TEARDOWN("TEARDOWN"),
    GET_PARAMETER("GET_PARAMETER"),
    SET_PARAMETER("SET_PARAMETER"),
    ANNOUNCE("ANNOUNCE"),
    RECORD("RECORD"),
    REDIRECT("REDIRECT");

    private final String token;

    RtspMethod(String token) {
        this.token = token;
    }

    /** The method token as written on the wire. */
    public String token() {
        return token;
    }

    /**
     * Looks a method token up. Method names are case-sensitive (RFC 2326 §6.1: "The method is
     * case-sensitive"), so {@code "options"} is not {@link #OPTIONS}.
     *
     * @return the method, or {@code null} when the token is unknown (the server answers 501,
     *     RFC 2326 §7.1.1)
     */
    public static RtspMethod fromToken(String token) {
        if (token == null) {
            return null;
        }
        for (RtspMethod m : values()) {
            if (m.token.equals(token)) {
                return m;
            }
        }
        return null;
    }
}
