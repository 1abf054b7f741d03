/** Runnable examples: the live camera demo (the README's main job), a recorder and a file server. */
module org.camstream.examples {
    requires org.camstream.rtsp;
    requires org.camstream.h264;
    requires org.camstream.rtp;
}
