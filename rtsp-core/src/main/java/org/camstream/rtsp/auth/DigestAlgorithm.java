package org.camstream.rtsp.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The Digest algorithms the server can offer (RFC 7616 §3.2), with their wire names. */
public enum DigestAlgorithm {
    SHA_256("SHA-256"),
    MD5("MD5");

    private final String rfcName;

    DigestAlgorithm(String rfcName) {
        this.rfcName = rfcName;
    }

    /** The name in the {@code algorithm} parameter (RFC 7616 §3.3). */
    public String rfcName() {
        return rfcName;
    }

    /**
     * The algorithm an {@code algorithm} parameter names, or null when it is not one of these (e.g. the
     * {@code -sess} variants). Absent means MD5 (RFC 7616 §3.4: "If this is not present, it is assumed
     * to be MD5"); names are case-insensitive like other tokens of the scheme.
     */
    public static DigestAlgorithm forName(String name) {
        if (name == null) return MD5;
        for (DigestAlgorithm a : values()) {
            if (a.rfcName.equalsIgnoreCase(name)) return a;
        }
        return null;
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(rfcName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + rfcName, e);
        }
    }
}
