package org.camstream.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden table of Request-URIs as real clients build them (RFC 2326 §3.2, §C.1.1). */
class StreamUriTest {

    private static final String TRACK = "trackID=0";

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // ffmpeg/ffprobe: DESCRIBE on the user's URL, SETUP on Content-Base + control
        "ffmpeg describe without slash|rtsp://192.168.1.10:8554|AGGREGATE",
        "ffmpeg describe|rtsp://192.168.1.10:8554/|AGGREGATE",
        "ffmpeg setup|rtsp://192.168.1.10:8554/trackID=0|TRACK",
        "ffmpeg with credentials|rtsp://admin:s3cret@192.168.1.10:8554/|AGGREGATE",
        "ffmpeg setup with credentials|rtsp://admin:s3cret@cam.local/trackID=0|TRACK",
        // GStreamer rtspsrc
        "gstreamer play aggregate|rtsp://cam.local:8554/|AGGREGATE",
        "gstreamer setup|rtsp://cam.local:8554/trackID=0|TRACK",
        "gstreamer ipv6|rtsp://[fe80::1]:8554/trackID=0|TRACK",
        "gstreamer ipv6 no port|rtsp://[::1]/|AGGREGATE",
        // VLC / live555: appends '/' + control even when the base already ends in '/'
        "vlc doubled slash|rtsp://cam:8554//trackID=0|TRACK",
        "vlc track with trailing slash|rtsp://cam:8554/trackID=0/|TRACK",
        "vlc query string|rtsp://cam:8554/?tcp|AGGREGATE",
        "vlc uppercase scheme|RTSP://CAM:8554/trackID=0|TRACK",
        // Frigate / go2rtc style
        "go2rtc relative control|trackID=0|TRACK",
        "go2rtc absolute path|/trackID=0|TRACK",
        "go2rtc root path|/|AGGREGATE",
        "frigate percent-encoded control|rtsp://h:8554/trackID%3D0|TRACK",
        "frigate query on track|rtsp://h:8554/trackID=0?source=frigate|TRACK",
        "options star|*|ANY",
        // not ours
        "other path|rtsp://h:8554/other|NOT_FOUND",
        "other track|rtsp://h:8554/trackID=1|NOT_FOUND",
        "nested|rtsp://h:8554/live/trackID=0|NOT_FOUND",
        "relative other|/other|NOT_FOUND",
        "rtsps not served|rtsps://h:8554/|NOT_FOUND",
        "http scheme|http://h/|NOT_FOUND",
        "bad port|rtsp://h:99999/|NOT_FOUND",
        "empty host|rtsp:///trackID=0|NOT_FOUND",
        "broken escape|rtsp://h/track%ZZ|NOT_FOUND",
        "empty|''|NOT_FOUND",
    })
    void classifies(String client, String uri, StreamUri.Kind expected) {
        assertThat(StreamUri.classify(uri, TRACK).kind()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "rtsp://h:8554|rtsp://h:8554/",
        "rtsp://h:8554/|rtsp://h:8554/",
        "rtsp://user:pw@h:8554/trackID=0?x=1|rtsp://h:8554/",
        "rtsp://[::1]:8554|rtsp://[::1]:8554/",
        "rtsp://10.0.0.1?q|rtsp://10.0.0.1/",
    })
    void baseUriEndsWithSlashSoControlResolvesToTheTrack(String request, String base) {
        assertThat(StreamUri.baseUri(request)).isEqualTo(base);
        // RFC 2326 §C.1.1: the client resolves a=control against Content-Base (RFC 3986 §5.2).
        String resolved = java.net.URI.create(base).resolve(TRACK).toString();
        assertThat(StreamUri.classify(resolved, TRACK).kind()).isEqualTo(StreamUri.Kind.TRACK);
    }

    /** Never null (the value goes straight into Content-Base); "/" resolves against the Request-URI. */
    @ParameterizedTest
    @CsvSource({"*", "/trackID=0", "trackID=0", "rtsps://h/", "rtsp://h:x/"})
    void relativeBaseForNonAbsoluteOrBadUris(String request) {
        assertThat(StreamUri.baseUri(request)).isEqualTo("/");
        assertThat(StreamUri.classify(StreamUri.baseUri(request) + TRACK, TRACK).kind())
                .isEqualTo(StreamUri.Kind.TRACK);
    }
}
