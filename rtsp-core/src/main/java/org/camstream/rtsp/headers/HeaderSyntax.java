package org.camstream.rtsp.headers;

import java.util.ArrayList;
import java.util.List;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspStatus;

/** Lexical pieces the typed header parsers share (RFC 2326 §15.1 quoted-string). Stateless. */
final class HeaderSyntax {
    private HeaderSyntax() {
    }

    /**
     * Splits at {@code sep} outside double quotes (a mode list {@code mode="PLAY,RECORD"} holds a comma).
     *
     * @throws RtspException.BadHeader 400 on an unterminated quote
     */
    static List<String> splitUnquoted(String s, char sep) throws RtspException.BadHeader {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == sep && !quoted) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        if (quoted) {
            throw new RtspException.BadHeader(RtspStatus.BAD_REQUEST, "unterminated quote");
        }
        out.add(s.substring(from));
        return out;
    }

    /** Removes one pair of surrounding double quotes, if present. */
    static String unquote(String s) {
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
