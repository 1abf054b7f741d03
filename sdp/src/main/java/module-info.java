/** SDP (RFC 8866) session descriptions for one H.264 track, and the H.264 SPS reader they need. */
module org.camstream.sdp {
    exports org.camstream.sdp;
}
