/** A small pure-Java H.264 Constrained Baseline (ITU-T H.264 Annex A) I/P encoder. */
module org.camstream.h264 {
    exports org.camstream.h264;
}
