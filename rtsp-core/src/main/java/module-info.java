/** RTSP 1.0 (RFC 2326) server for one live H.264 stream, and a publisher (RECORD client) of it. */
module org.camstream.rtsp {
    requires org.camstream.sdp;
    requires org.camstream.rtp;
    requires java.logging; // org.camstream.rtsp.publish.PublishLog, until the logging seam of issue 9
    exports org.camstream.rtsp;
}
