package org.camstream.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Test oracle: parses a session description (RFC 8866 §5) so tests can read what
 * {@link SessionDescription} wrote. Shared with other modules' tests through the sdp test-jar.
 */
public final class SdpReader {
    private SdpReader() {
    }

    /**
     * Parses a session description (RFC 8866 §5 grammar: {@code <type>=<value>} lines, CRLF or LF).
     * Requires {@code v=0} first, then {@code o=} and {@code s=}; other line types are accepted and
     * only {@code c=}, {@code a=} and {@code m=} are kept.
     *
     * @throws SdpFormatException on a syntax error
     */
    public static ParsedSdp parse(String sdp) {
        if (sdp == null) {
            throw new SdpFormatException("no description");
        }
        String[] lines = sdp.split("\r?\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--; // final line terminator
        }
        if (n < 3) {
            throw new SdpFormatException("needs at least v=, o= and s= (RFC 8866 §5)");
        }
        int version = -1;
        String origin = null;
        String sessionName = null;
        String connection = null;
        List<ParsedSdp.Attribute> sessionAttrs = new ArrayList<>();
        List<ParsedSdp.Media> media = new ArrayList<>();
        String[] mediaLine = null;
        List<ParsedSdp.Attribute> mediaAttrs = null;
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new SdpFormatException("line " + (i + 1) + " is not <type>=<value> (RFC 8866 §5)");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (i == 0 && type != 'v') {
                throw new SdpFormatException("first line must be v= (RFC 8866 §5)");
            }
            switch (type) {
                case 'v' -> {
                    if (i != 0 || !value.equals("0")) {
                        throw new SdpFormatException("v=0 must be the first line (RFC 8866 §5.1)");
                    }
                    version = 0;
                }
                case 'o' -> {
                    if (value.split(" ", -1).length != 6) {
                        throw new SdpFormatException("o= needs 6 fields (RFC 8866 §5.2)");
                    }
                    origin = value;
                }
                case 's' -> sessionName = value;
                case 'c' -> {
                    if (mediaLine == null) {
                        connection = value;
                    }
                }
                case 'a' -> {
                    int colon = value.indexOf(':');
                    ParsedSdp.Attribute a = colon < 0 ? new ParsedSdp.Attribute(value, null)
                            : new ParsedSdp.Attribute(value.substring(0, colon), value.substring(colon + 1));
                    if (a.name().isEmpty()) {
                        throw new SdpFormatException("empty attribute name on line " + (i + 1));
                    }
                    (mediaAttrs == null ? sessionAttrs : mediaAttrs).add(a);
                }
                case 'm' -> {
                    if (mediaLine != null) {
                        media.add(media(mediaLine, mediaAttrs));
                    }
                    mediaLine = value.split(" ");
                    if (mediaLine.length < 4) {
                        throw new SdpFormatException("m= needs media, port, proto and a format (RFC 8866 §5.14)");
                    }
                    mediaAttrs = new ArrayList<>();
                }
                default -> { } // i, u, e, p, b, t, r, z, k: accepted, not kept
            }
        }
        if (mediaLine != null) {
            media.add(media(mediaLine, mediaAttrs));
        }
        if (origin == null || sessionName == null) {
            throw new SdpFormatException("o= and s= are required (RFC 8866 §5)");
        }
        return new ParsedSdp(version, origin, sessionName, connection, sessionAttrs, media);
    }

    private static ParsedSdp.Media media(String[] m, List<ParsedSdp.Attribute> attrs) {
        int port;
        try {
            String p = m[1];
            int slash = p.indexOf('/'); // <port>/<number of ports>
            port = Integer.parseInt(slash < 0 ? p : p.substring(0, slash));
        } catch (NumberFormatException e) {
            throw new SdpFormatException("bad m= port: " + m[1]);
        }
        if (port < 0 || port > 65535) {
            throw new SdpFormatException("m= port out of range: " + port);
        }
        return new ParsedSdp.Media(m[0], port, m[2], List.of(m).subList(3, m.length), attrs);
    }
}
