package org.camstream.conformance.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Command lines of the real RTSP clients the server is tested against. Stateless.
 *
 * <p>Every ffmpeg decode runs with {@code -err_detect explode -xerror}: the h264 decoder reports
 * any bitstream damage as an error instead of concealing it, and ffmpeg exits on it. Video sync is
 * passthrough so ffmpeg neither duplicates nor drops pictures by timestamp: what the decoder
 * produced is what framemd5 lists.
 */
public final class Clients {
    /** RTSP lower transport as ffmpeg names it ({@code -rtsp_transport}); GStreamer uses the same words. */
    public enum Transport {
        UDP, TCP;

        public String flag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * ffmpeg/libavcodec log lines that mean lost or damaged media (rtpdec "RTP: missed N packets",
     * h264 "concealing ...", "error while decoding", "non-existing PPS", "decode_slice_header
     * error", "no frame!", "Invalid data"), checked on every ffmpeg client's stderr.
     */
    static final Pattern FFMPEG_MEDIA_ERRORS = Pattern.compile(
            "missed \\d+ packets|conceal|error while decoding|non-existing PPS|decode_slice_header"
                    + "|no frame!|Invalid data|corrupt|out of range|Error splitting",
            Pattern.CASE_INSENSITIVE);

    private Clients() {}

    private static List<String> ffmpegInput(String url, Transport transport) {
        List<String> cmd = new ArrayList<>(List.of(Tools.require(Tools.FFMPEG), "-hide_banner",
                "-nostdin", "-nostats", "-v", "info", "-xerror", "-rtsp_transport",
                transport.flag(), "-err_detect", "explode", "-i", url));
        return cmd;
    }

    /**
     * Decodes {@code frames} pictures and writes their framemd5 to stdout, flushed per picture so
     * a test can watch progress.
     */
    static List<String> ffmpegFramemd5(String url, Transport transport, int frames) {
        List<String> cmd = ffmpegInput(url, transport);
        cmd.addAll(List.of("-map", "0:v:0", "-frames:v", Integer.toString(frames), "-vsync",
                "passthrough", "-flush_packets", "1", "-f", "framemd5", "-"));
        return cmd;
    }

    /**
     * Frigate's pull (its default RTSP input arguments, {@code -rtsp_transport tcp
     * -use_wallclock_as_timestamps 1}: timestamps from arrival time, not from RTP), here decoding
     * {@code frames} pictures to framemd5 like {@link #ffmpegFramemd5}, with the same strict
     * decoder flags so damage is an error instead of being concealed.
     */
    static List<String> frigatePull(String url, int frames) {
        return List.of(Tools.require(Tools.FFMPEG), "-hide_banner", "-nostdin", "-nostats", "-v",
                "info", "-xerror", "-rtsp_transport", "tcp", "-use_wallclock_as_timestamps", "1",
                "-err_detect", "explode", "-i", url, "-map", "0:v:0", "-frames:v",
                Integer.toString(frames), "-vsync", "passthrough", "-flush_packets", "1", "-f",
                "framemd5", "-");
    }

    /** Copies {@code frames} access units, as received and depacketized, to a raw H.264 file. */
    static List<String> ffmpegCopy(String url, Transport transport, int frames, Path out) {
        List<String> cmd = ffmpegInput(url, transport);
        cmd.addAll(List.of("-map", "0:v:0", "-frames:v", Integer.toString(frames), "-c", "copy",
                "-f", "h264", "-y", out.toString()));
        return cmd;
    }

    /** Stream parameters after reading and decoding {@code frames} packets, as key=value lines. */
    static List<String> ffprobe(String target, Transport transport, int frames) {
        List<String> cmd = new ArrayList<>(List.of(Tools.require(Tools.FFPROBE), "-hide_banner",
                "-v", "error"));
        if (transport != null) {
            cmd.addAll(List.of("-rtsp_transport", transport.flag()));
        }
        cmd.addAll(List.of("-select_streams", "v:0", "-count_frames", "-count_packets",
                "-read_intervals", "%+#" + frames, "-show_entries",
                "stream=codec_name,profile,width,height,pix_fmt,nb_read_frames,nb_read_packets",
                "-of", "default=nw=1", target));
        return cmd;
    }

    /** "pts,flags" (90 kHz pts of each depacketized access unit) for {@code packets} packets. */
    static List<String> ffprobePacketTimes(String url, Transport transport, int packets) {
        return List.of(Tools.require(Tools.FFPROBE), "-hide_banner", "-v", "error",
                "-rtsp_transport", transport.flag(), "-select_streams", "v:0", "-read_intervals",
                "%+#" + packets, "-show_entries", "packet=pts,flags", "-of", "csv=p=0", url);
    }

    /**
     * GStreamer: rtspsrc → depayloader → parser → libav decoder → packed I420 frames in a file.
     * {@code -e} turns SIGINT into an end-of-stream so the file is complete.
     */
    static List<String> gstreamer(String url, Transport transport, Path out) {
        return List.of(Tools.require(Tools.GST_LAUNCH), "-e", "rtspsrc", "location=" + url,
                "protocols=" + transport.flag(), "latency=0", "!", "rtph264depay", "!",
                "h264parse", "!", "avdec_h264", "!", "videoconvert", "!",
                "video/x-raw,format=I420", "!", "filesink", "location=" + out);
    }

    /** The lines of {@code stderr} that report lost or damaged media (see FFMPEG_MEDIA_ERRORS). */
    public static List<String> mediaErrors(String stderr) {
        List<String> bad = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (FFMPEG_MEDIA_ERRORS.matcher(line).find()) {
                bad.add(line);
            }
        }
        return bad;
    }
}
