package org.camstream.bench.server;

/**
 * One measured configuration of the fan-out harness. Values are for the measurement window only.
 *
 * @param server "camstream" or "gst-rtsp-server"
 * @param transport "UDP" or "TCP"
 * @param clients lightweight receivers playing
 * @param seconds window length
 * @param fed frames the feeder offered in the window (send() / appsrc push calls)
 * @param delivered frames received whole, summed over clients
 * @param deliveredMbps received RTP bytes of whole frames (headers included) in Mb/s, summed over clients
 * @param cpuSeconds server process CPU time (user + system) in the window
 * @param systemSeconds the kernel's share of it (on loopback it includes the receive path of every packet)
 * @param packetGaps RTP sequence numbers missing at the receivers (whole run)
 * @param latencyP50Micros send()-to-receipt of a frame's last packet, median, µs
 * @param latencyP99Micros same, 99th percentile
 * @param sendP50Micros duration of send() (or appsrc push-buffer), median, µs
 * @param sendP99Micros same, 99th percentile
 * @param heapMiB Java heap in use at the end of the window (camstream only; -1 otherwise)
 * @param rssMiB resident set size of the server process
 * @param ffmpegFrames frames each real ffmpeg client copied / frames it should have ("" without ffmpeg clients)
 */
record FanoutRow(String server, String transport, int clients, double seconds, long fed, long delivered,
                 double deliveredMbps, double cpuSeconds, double systemSeconds, long packetGaps, double latencyP50Micros,
                 double latencyP99Micros, double sendP50Micros, double sendP99Micros, double heapMiB, double rssMiB,
                 String ffmpegFrames) {

    /** Frames not received whole, as a fraction of frames offered × clients. */
    double frameLoss() {
        long expected = fed * clients;
        return expected == 0 ? 0 : Math.max(0, 1.0 - (double) delivered / expected);
    }

    /** Server CPU milliseconds per delivered megabit (= CPU s per s per delivered Mb/s, × 1000). */
    double cpuMsPerMbit() {
        double mbit = deliveredMbps * seconds;
        return mbit == 0 ? Double.NaN : cpuSeconds * 1000 / mbit;
    }

    /** Server CPU in percent of one core. */
    double cpuPercent() {
        return cpuSeconds * 100 / seconds;
    }
}
