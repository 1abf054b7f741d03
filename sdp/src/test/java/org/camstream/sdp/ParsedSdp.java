package org.camstream.sdp;

import java.util.List;
import java.util.Optional;

/**
 * A session description read by {@link SdpReader#parse}: the session-level fields a client
 * of this server looks at, and the media descriptions with their attributes, in document order.
 *
 * @param version the {@code v=} value (always 0, RFC 8866 §5.1)
 * @param origin the {@code o=} value, unsplit (RFC 8866 §5.2)
 * @param sessionName the {@code s=} value (RFC 8866 §5.3)
 * @param connection the session-level {@code c=} value, or null if absent (RFC 8866 §5.7)
 * @param attributes session-level {@code a=} lines
 * @param media {@code m=} sections
 */
public record ParsedSdp(int version, String origin, String sessionName, String connection,
        List<Attribute> attributes, List<Media> media) {

    public ParsedSdp {
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /** First session-level attribute value with this name (empty string for a flag attribute). */
    public Optional<String> attribute(String name) {
        return Attribute.find(attributes, name);
    }

    /**
     * One {@code a=} line (RFC 8866 §5.13): {@code a=<name>} (flag, value null) or {@code a=<name>:<value>}.
     */
    public record Attribute(String name, String value) {
        static Optional<String> find(List<Attribute> list, String name) {
            for (Attribute a : list) {
                if (a.name().equals(name)) {
                    return Optional.of(a.value() == null ? "" : a.value());
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One media description (RFC 8866 §5.14): {@code m=<media> <port> <proto> <fmt> ...} and its attributes.
     */
    public record Media(String type, int port, String protocol, List<String> formats, List<Attribute> attributes) {
        public Media {
            formats = List.copyOf(formats);
            attributes = List.copyOf(attributes);
        }

        /** First attribute value with this name (empty string for a flag attribute). */
        public Optional<String> attribute(String name) {
            return Attribute.find(attributes, name);
        }
    }
}
