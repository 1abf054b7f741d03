package org.camstream.conformance.platform;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

/** The four published modules, each found through one of its public classes on the test class path. */
enum ProductModule {
    SDP("sdp", "org.camstream.sdp", "org.camstream.sdp.SessionDescription", Set.of()),
    RTP("rtp", "org.camstream.rtp", "org.camstream.rtp.RtpHeader", Set.of()),
    RTSP_CORE("rtsp-core", "org.camstream.rtsp", "org.camstream.rtsp.RtspServer",
            Set.of("org.camstream.sdp", "org.camstream.rtp")),
    H264_BASELINE("h264-baseline", "org.camstream.h264", "org.camstream.h264.H264Encoder", Set.of());

    final String directory;
    final String moduleName;
    final String anchorClass;
    final Set<String> allowedRequires;

    ProductModule(String directory, String moduleName, String anchorClass, Set<String> allowedRequires) {
        this.directory = directory;
        this.moduleName = moduleName;
        this.anchorClass = anchorClass;
        this.allowedRequires = allowedRequires;
    }

    /** The module's jar (in {@code mvn verify}) or classes directory (in {@code mvn test}). */
    Path location() {
        try {
            Class<?> anchor = Class.forName(anchorClass, false, ProductModule.class.getClassLoader());
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException(directory + ": " + anchorClass + " is not on the test class path", e);
        }
    }

    @Override
    public String toString() {
        return directory + " (" + moduleName + ")";
    }
}
