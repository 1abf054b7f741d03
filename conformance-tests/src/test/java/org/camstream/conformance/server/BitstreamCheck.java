package org.camstream.conformance.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares, NAL unit for NAL unit, the H.264 a client received ({@code ffmpeg -c copy -f h264})
 * with what the feeder sent from the first IDR the client got. Stateless.
 *
 * <p>The rule, strict except for one allowance: the received stream must be exactly the NAL units
 * of {@code frames} consecutive clip access units starting at an IDR access unit (cyclically, as
 * the feeder loops), except that an extra SPS+PPS pair equal to the clip's may precede the first
 * access unit (the server may prepend them, RFC 6184 §8.4 allows in-band parameter sets). Nothing
 * else may be added, dropped, altered or reordered — not even an SEI.
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
            expected.addAll(clip.nalUnits((start + k) % clip.frameCount()));
        }
        List<NalUnit> actual = stripPrependedParameterSets(clip, start, received);
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

    /**
     * Drops one leading SPS+PPS pair if it equals the clip's parameter sets AND the first access
     * unit's own NAL units follow it (i.e. the pair is an addition, not the access unit's own).
     */
    private static List<NalUnit> stripPrependedParameterSets(ReferenceStream clip, int start,
            List<NalUnit> received) {
        List<NalUnit> own = clip.nalUnits(start);
        if (received.size() >= 2 + own.size()
                && received.get(0).type() == NalUnit.SPS && received.get(1).type() == NalUnit.PPS
                && received.get(0).equals(own.get(0)) && received.get(1).equals(own.get(1))
                && received.subList(2, 2 + own.size()).equals(own)) {
            return received.subList(2, received.size());
        }
        return received;
    }

    private static String context(List<NalUnit> expected, List<NalUnit> actual, int at) {
        int from = Math.max(0, at - 2);
        return "\n  expected[" + from + "..]: "
                + expected.subList(Math.min(from, expected.size()), Math.min(at + 3, expected.size()))
                + "\n  actual[" + from + "..]:   "
                + actual.subList(Math.min(from, actual.size()), Math.min(at + 3, actual.size()));
    }
}
