/** RTSP 1.0 (RFC 2326) server for one live H.264 stream, and a publisher (RECORD client) of it. */
module org.camstream.rtsp {
    requires org.camstream.sdp;
    requires org.camstream.rtp;
    exports org.camstream.rtsp;
}
