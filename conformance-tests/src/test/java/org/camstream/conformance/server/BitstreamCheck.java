package org.camstream.conformance.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares, NAL unit for NAL unit, the H.264 a client received ({@code ffmpeg -c copy -f h264})
 * with what the feeder sent from the first IDR the client got. Stateless.
 *
 * <p>The rule: the received stream is exactly the NAL units of {@code frames} consecutive clip
 * access units starting at an IDR access unit (cyclically, as the feeder loops), with one
 * addition: every IDR access unit that carries no SPS/PPS must be preceded by the clip's SPS+PPS
 * (the server prepends them in-band before every IDR, for every client — issue 11: decoders such as
 * Jetson's never use the SDP's; RFC 6184 §8.4 allows in-band parameter sets) — and an IDR that does
 * carry them gets nothing before it. Nothing else may be added,
 * dropped, altered or reordered, not even an SEI. Found empirically (ffmpeg 5.1, rtpdec_h264 +
 * the raw h264 muxer): ffmpeg itself inserts nothing — no AUD, no SPS/PPS from the SDP's
 * sprop-parameter-sets — so there is no allowance for the client.
 */
final class BitstreamCheck {
    private BitstreamCheck() {}

    /** Returns the clip index of the first access unit received; throws {@link AssertionError}. */
    static int assertReceivedEqualsSent(String client, ReferenceStream clip, List<NalUnit> received,
            int frames) {
        int firstVcl = -1;
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i).isVcl()) {
                firstVcl = i;
                break;
            }
        }
        if (firstVcl < 0) {
            throw new AssertionError(client + ": no slice received; NAL units: " + received);
        }
        NalUnit idr = received.get(firstVcl);
        int start = -1;
        for (int c = 0; c < clip.frameCount() && start < 0; c++) {
            if (clip.isIdr(c) && clip.nalUnits(c).contains(idr)) {
                start = c;
            }
        }
        if (start < 0) {
            throw new AssertionError(client + ": the first slice received, " + idr
                    + ", is not an IDR slice of the clip");
        }
        List<NalUnit> expected = new ArrayList<>();
        for (int k = 0; k < frames; k++) {
            int c = (start + k) % clip.frameCount();
            if (clip.isIdr(c) && clip.nalUnits(c).stream().noneMatch(NalUnit::isParameterSet)) {
                expected.addAll(clip.parameterSets());
            }
            expected.addAll(clip.nalUnits(c));
        }
        List<NalUnit> actual = received;
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError(client + ": NAL unit " + i + " (from clip access unit "
                        + start + " on) differs: expected " + expected.get(i) + " got "
                        + actual.get(i) + context(expected, actual, i));
            }
        }
        if (actual.size() != expected.size()) {
            throw new AssertionError(client + ": received " + actual.size() + " NAL units, expected "
                    + expected.size() + " (" + frames + " access units from clip " + start + ")"
                    + context(expected, actual, n));
        }
        return start;
    }

    private static String context(List<NalUnit> expected, List<NalUnit> actual, int at) {
        int from = Math.max(0, at - 2);
        return "\n  expected[" + from + "..]: "
                + expected.subList(Math.min(from, expected.size()), Math.min(at + 3, expected.size()))
                + "\n  actual[" + from + "..]:   "
                + actual.subList(Math.min(from, actual.size()), Math.min(at + 3, actual.size()));
    }
}
