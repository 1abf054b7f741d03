package org.camstream.rtsp.stream;

import org.camstream.rtsp.runtime.Log;

/**
 * What the loop notices about a producer's stream that viewers may not cope with, logged and
 * counted ({@link StreamCounters}): B slices (H.264 §7.4.3 slice_type 1/6: browsers and WebRTC
 * gateways reject them), an IDR period longer than {@link #IDR_PERIOD_WARNING_SECONDS} (a
 * client joining then waits that long for its first picture), parameter-set changes and a picture
 * size other than the declared one. The stream is still served as it is. Each kind is logged the
 * first time and then every 100th time, so a bad stream cannot flood the log. Thread: event loop.
 */
final class InputReport {
    /** An IDR period longer than this is reported. */
    static final int IDR_PERIOD_WARNING_SECONDS = 10;
    private final StreamCounters counters;
    private final Log log;
    private final String path;
    private final long idrPeriodFrames;
    private final SliceHeader slice = new SliceHeader();
    private long framesSinceIdr;
    private boolean sawIdr;
    private boolean frameHasB;

    InputReport(StreamCounters counters, Log log, String path, int fps) {
        this.counters = counters;
        this.log = log;
        this.path = path;
        this.idrPeriodFrames = (long) fps * IDR_PERIOD_WARNING_SECONDS;
    }

    /** A slice NAL unit of the frame being scanned; the header byte is {@code data[nal]}. */
    void slice(byte[] data, int nal, int end) {
        if (!frameHasB && slice.read(data, nal, Math.min(end, nal + 16)) && slice.sliceType() == SliceHeader.B) {
            frameHasB = true;
        }
    }

    /** The frame's scan ended. */
    void frameScanned(boolean idr) {
        if (frameHasB) {
            frameHasB = false;
            long n = counters.framesWithBSlices.incrementAndGet();
            if (logged(n)) {
                log.warning("{0}: access unit with B slices ({1} so far): served as it is, but browsers and WebRTC"
                        + " gateways reject B-frames; configure the encoder without them (e.g. x264 -bf 0)", path, String.valueOf(n));
            }
        }
        if (idr) {
            framesSinceIdr = 0;
            sawIdr = true;
        } else if (++framesSinceIdr == idrPeriodFrames) {
            long n = counters.idrPeriodsMissing.incrementAndGet();
            if (logged(n)) {
                log.warning("{0}: {1} frames {2} an IDR: clients joining now wait that long for a picture;"
                        + " set the encoder''s keyframe interval (e.g. -g 60)", path, String.valueOf(idrPeriodFrames),
                        sawIdr ? "since" : "without");
            }
        }
    }

    void parameterSetChanged(String which) {
        long n = counters.parameterSetChanges.incrementAndGet();
        if (logged(n)) log.info("{0}: {1} changed mid-stream ({2} changes); sent in-band before the next IDR", path, which,
                String.valueOf(n));
    }

    void sizeMismatch(int width, int height, int declaredWidth, int declaredHeight) {
        long n = counters.sizeMismatches.incrementAndGet();
        if (logged(n)) {
            log.warning("{0}: stream is {1}x{2} but was declared {3}x{4}; served as the SPS says", path,
                    String.valueOf(width), String.valueOf(height), String.valueOf(declaredWidth),
                    String.valueOf(declaredHeight));
        }
    }

    private static boolean logged(long n) {
        return n == 1 || n % 100 == 0;
    }
}
