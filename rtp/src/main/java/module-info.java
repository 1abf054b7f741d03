/** RTP/RTCP (RFC 3550) and the H.264 RTP payload format (RFC 6184). */
module org.camstream.rtp {
    exports org.camstream.rtp;
}
