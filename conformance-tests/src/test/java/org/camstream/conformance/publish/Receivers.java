package org.camstream.conformance.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camstream.conformance.server.Clients.Transport;
import org.camstream.conformance.server.Tools;

/**
 * Command lines of the real RTSP receivers (servers in RECORD mode) the publisher is tested against.
 * Stateless.
 */
final class Receivers {
    private Receivers() {}

    /** Debian's python3, which has python3-gi and gst-rtsp-server's typelib (a pyenv python on the PATH may not). */
    static String python() {
        Path system = Path.of("/usr/bin/python3");
        return Files.isExecutable(system) ? system.toString() : Tools.require("python3");
    }

    /** A TCP port that was free a moment ago on loopback (the receiver binds it next). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * ffmpeg as the relay: {@code -rtsp_flags listen} takes one ANNOUNCE/RECORD and copies {@code frames}
     * access units, as depacketized, into a raw H.264 file.
     */
    static List<String> ffmpegListen(int port, Transport transport, int frames, Path out) {
        return List.of(Tools.require(Tools.FFMPEG), "-hide_banner", "-nostdin", "-nostats", "-v", "info",
                "-rtsp_flags", "listen", "-rtsp_transport", transport.flag(), "-i",
                "rtsp://127.0.0.1:" + port + "/live", "-map", "0:v:0", "-frames:v", Integer.toString(frames),
                "-c", "copy", "-f", "h264", "-y", out.toString());
    }

    /**
     * Decodes a recorded file strictly ({@code -err_detect explode -xerror}: damage is an error, not
     * concealed) and lists each picture's MD5 ({@code -f framemd5}).
     */
    static List<String> framemd5(Path file) {
        return List.of(Tools.require(Tools.FFMPEG), "-hide_banner", "-nostdin", "-v", "error", "-xerror",
                "-err_detect", "explode", "-i", file.toString(), "-vsync", "passthrough", "-f", "framemd5", "-");
    }

    /**
     * gst-rtsp-server (python3-gi) with a RECORD media factory at {@code /live} whose pipeline depayloads
     * and writes the H.264 byte stream, access unit by access unit, unbuffered, to {@code out}; prints
     * READY once attached. With a user, Digest and Basic credentials are required.
     */
    static List<String> gstRecordServer(Path workDir, int port, Transport transport, Path out, String user,
            String password) {
        Path script = workDir.resolve("gst_record_server.py");
        String py = String.join("\n",
                "import sys, signal",
                "import gi",
                "gi.require_version('Gst', '1.0')",
                "gi.require_version('GstRtspServer', '1.0')",
                "gi.require_version('GstRtsp', '1.0')",
                "from gi.repository import Gst, GstRtspServer, GstRtsp, GLib",
                "Gst.init(None)",
                "port, out, proto, user, pw = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]",
                "server = GstRtspServer.RTSPServer()",
                "server.set_address('127.0.0.1')",
                "server.set_service(port)",
                "factory = GstRtspServer.RTSPMediaFactory()",
                "factory.set_transport_mode(GstRtspServer.RTSPTransportMode.RECORD)",
                "factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP if proto == 'tcp' else GstRtsp.RTSPLowerTrans.UDP)",
                "factory.set_launch('( rtph264depay name=depay0 ! h264parse ! video/x-h264,stream-format=byte-stream,alignment=au'",
                "                   ' ! filesink buffer-mode=unbuffered sync=false location=' + out + ' )')",
                "if user != '-':",
                "    auth = GstRtspServer.RTSPAuth()",
                "    token = GstRtspServer.RTSPToken()",
                "    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, 'publisher')",
                "    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, pw), token)",
                "    auth.add_digest(user, pw, token)",
                "    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)",
                "    server.set_auth(auth)",
                "    factory.add_role_from_structure(Gst.Structure.from_string('publisher, media.factory.access=(boolean)true,"
                        + " media.factory.construct=(boolean)true')[0])",
                "server.get_mount_points().add_factory('/live', factory)",
                "server.attach(None)",
                "loop = GLib.MainLoop()",
                "GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, loop.quit)",
                "GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)",
                "print('READY', flush=True)",
                "loop.run()",
                "");
        try {
            Files.createDirectories(workDir);
            Files.writeString(script, py);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(python(), "-u", script.toString(), Integer.toString(port),
                out.toString(), transport.flag(), user == null ? "-" : user, password == null ? "-" : password));
        return cmd;
    }
}
