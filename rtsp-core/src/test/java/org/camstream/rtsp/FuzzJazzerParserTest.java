package org.camstream.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.camstream.rtsp.headers.RangeHeader;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspMessage;
import org.camstream.rtsp.wire.RtspRequest;
import org.camstream.rtsp.wire.RtspRequestParser;
import org.camstream.rtsp.headers.SessionHeader;
import org.camstream.rtsp.headers.TransportHeader;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Coverage-guided fuzzing (Jazzer, libFuzzer inside the JVM) of the request parser and the typed
 * header parsers, complementing the jqwik generators of {@link RtspFuzzTest} and
 * {@link FuzzHeadersTest}: Jazzer watches branch coverage and comparison operands, so it finds its
 * own way to "RTSP/1.0", "Content-Length" and '$' framing without being told.
 *
 * <p>Runs only with {@code JAZZER_FUZZ} set (the Jazzer agent costs ~13 s of start-up and stays in
 * the JVM). Every full build sets it in a JVM of its own: rtsp-core's {@code jazzer-fuzz-<target>} surefire
 * executions (one JVM per target: Jazzer fuzzes one per JVM; profile {@code fuzz-in-full-build}, active unless {@code -Dtest} is given) fuzzes each
 * target for its {@code maxDuration}, so CI fuzzes too. By hand:
 * <pre>
 * JAZZER_FUZZ=1 mvn -B test -pl rtsp-core -am -Dtest='FuzzJazzerParserTest#requestParser' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Fuzzing mode writes its corpus to {@code rtsp-core/.cifuzz-corpus/} (not to be committed) and a
 * crashing input to {@code src/test/resources/org/camstream/rtsp/FuzzJazzerParserTestInputs/},
 * where later runs replay it as a regression test.
 *
 * <p>Invariants as in {@link RtspFuzzTest#feedChecked}: buffered bytes never exceed the parser's
 * capacity; only {@link RtspException.Malformed} / {@link RtspException.BadHeader} escape.
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
class FuzzJazzerParserTest {

    /** The input is split at a fuzzer-chosen chunk size and fed like socket reads. */
    @FuzzTest(maxDuration = "60s")
    void requestParser(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 200);
        byte[] input = data.consumeRemainingAsBytes();
        RtspRequestParser p = new RtspRequestParser(RtspRequestParser.Limits.defaults());
        for (int off = 0; off < input.length; off += chunk) {
            p.feed(ByteBuffer.wrap(input, off, Math.min(chunk, input.length - off)));
            assertThat(p.bufferSize()).isLessThanOrEqualTo(p.capacity());
            try {
                RtspMessage m;
                while ((m = p.next()) != null) {
                    if (m instanceof RtspRequest r) {
                        assertThat(r.body().length).isLessThanOrEqualTo(RtspRequestParser.Limits.defaults().maxBodyBytes());
                    }
                }
            } catch (RtspException.Malformed e) {
                assertThat(e.status().code()).isIn(400, 413, 414, 505);
                return;
            }
        }
    }

    /** Transport, Session and Range values from the same input. */
    @FuzzTest(maxDuration = "60s")
    void headerParsers(FuzzedDataProvider data) {
        String v = data.consumeRemainingAsString();
        try {
            TransportHeader t = TransportHeader.parse(v);
            assertThat(TransportHeader.parse(t.format())).isEqualTo(t);
        } catch (RtspException.BadHeader e) {
            assertThat(e.status().code()).isIn(400, 461);
        }
        try {
            SessionHeader s = SessionHeader.parse(v);
            assertThat(SessionHeader.parse(s.format())).isEqualTo(s);
        } catch (RtspException.BadHeader e) {
            assertThat(e.status().code()).isEqualTo(400);
        }
        try {
            RangeHeader.parse(v);
        } catch (RtspException.BadHeader e) {
            assertThat(e.status().code()).isIn(400, 457);
        }
    }
}
