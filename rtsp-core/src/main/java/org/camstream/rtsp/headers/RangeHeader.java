package org.camstream.rtsp.headers;

import org.camstream.rtsp.wire.Whitespace;
import org.camstream.rtsp.wire.RtspException;
import org.camstream.rtsp.wire.RtspStatus;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The Range header (RFC 2326 §12.29), Normal Play Time only (§3.6):
 * {@code npt=0-}, {@code npt=now-}, {@code npt=12.5-30}, {@code npt=00:01:02.5-},
 * {@code npt=-30}. A {@code ;time=} parameter (§12.29) is ignored: a live stream plays now.
 *
 * <p>Errors: other units ({@code smpte}, {@code clock}, §3.5, §3.7) and ranges whose end lies
 * before the start are 457 Invalid Range (§11.3.8), since we only serve live npt; malformed
 * npt syntax is 400.
 *
 * <p>Immutable; thread-safe.
 */
public final class RangeHeader {

    /** {@code npt=0.000-}: what a live server answers to PLAY. */
    public static final RangeHeader LIVE = new RangeHeader(OptionalDouble.of(0), OptionalDouble.empty(), false);

    private final OptionalDouble start;
    private final OptionalDouble end;
    private final boolean now;

    /**
     * @param start seconds; empty when {@code now} or when the range is {@code -end}
     * @param end seconds; empty when open
     * @param now true for {@code npt=now-}
     */
    public RangeHeader(OptionalDouble start, OptionalDouble end, boolean now) {
        Objects.requireNonNull(start);
        Objects.requireNonNull(end);
        if (now && start.isPresent()) {
            throw new IllegalArgumentException("now with a start time");
        }
        this.start = start;
        this.end = end;
        this.now = now;
    }

    public OptionalDouble start() {
        return start;
    }

    public OptionalDouble end() {
        return end;
    }

    public boolean now() {
        return now;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RangeHeader)) return false;
        RangeHeader r = (RangeHeader) o;
        return now == r.now && start.equals(r.start) && end.equals(r.end);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, end, now);
    }

    /** @throws RtspException.BadHeader 457 for non-npt units or end before start, 400 for bad syntax */
    public static RangeHeader parse(String value) throws RtspException.BadHeader {
        if (value == null) {
            throw syntax("no Range value");
        }
        String spec = Whitespace.strip(value.split(";", 2)[0]);
        int eq = spec.indexOf('=');
        if (eq < 0) {
            throw syntax("Range without '=': " + value);
        }
        String unit = Whitespace.strip(spec.substring(0, eq)).toLowerCase(Locale.ROOT);
        if (!unit.equals("npt")) {
            throw new RtspException.BadHeader(RtspStatus.INVALID_RANGE, "only npt ranges: " + unit);
        }
        String range = Whitespace.strip(spec.substring(eq + 1));
        int dash = range.indexOf('-');
        if (dash < 0) {
            throw syntax("npt range without '-': " + range);
        }
        String from = Whitespace.strip(range.substring(0, dash));
        String to = Whitespace.strip(range.substring(dash + 1));
        boolean now = from.equalsIgnoreCase("now");
        OptionalDouble start = now || from.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(nptTime(from));
        OptionalDouble end = to.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(nptTime(to));
        if (!now && !start.isPresent() && !end.isPresent()) {
            throw syntax("empty npt range");
        }
        if (start.isPresent() && end.isPresent() && end.getAsDouble() < start.getAsDouble()) {
            throw new RtspException.BadHeader(RtspStatus.INVALID_RANGE, "end before start: " + range);
        }
        return new RangeHeader(start, end, now);
    }

    /**
     * RFC 2326 §3.6: npt-time = "now" | npt-sec | npt-hhmmss; npt-sec = 1*DIGIT [ "." *DIGIT ];
     * npt-hhmmss = npt-hh ":" npt-mm ":" npt-ss [ "." *DIGIT ], mm and ss 0..59.
     */
    private static double nptTime(String t) throws RtspException.BadHeader {
        String[] hms = t.split(":", -1);
        if (hms.length == 1) {
            return seconds(t);
        }
        if (hms.length != 3 || !isDigits(hms[0]) || !isDigits(hms[1]) || hms[1].length() > 2
                || hms[0].length() > 9) {
            throw syntax("bad npt time: " + t);
        }
        int hh = Integer.parseInt(hms[0]);
        int mm = Integer.parseInt(hms[1]);
        double ss = seconds(hms[2]);
        int dot = hms[2].indexOf('.');
        if (mm > 59 || ss >= 60 || (dot < 0 ? hms[2].length() : dot) > 2) {
            throw syntax("bad npt time: " + t);
        }
        return hh * 3600.0 + mm * 60.0 + ss;
    }

    private static double seconds(String s) throws RtspException.BadHeader {
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String frac = dot < 0 ? "" : s.substring(dot + 1);
        if (!isDigits(whole) || whole.length() > 12 || (!frac.isEmpty() && !isDigits(frac))) {
            throw syntax("bad npt seconds: " + s);
        }
        return Double.parseDouble(frac.isEmpty() ? whole : whole + "." + frac);
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Wire form with millisecond precision: {@code npt=0.000-}, {@code npt=now-}, {@code npt=1.500-3.000}. */
    public String format() {
        StringBuilder sb = new StringBuilder("npt=");
        if (now) {
            sb.append("now");
        } else if (start.isPresent()) {
            sb.append(String.format(Locale.ROOT, "%.3f", start.getAsDouble()));
        }
        sb.append('-');
        if (end.isPresent()) {
            sb.append(String.format(Locale.ROOT, "%.3f", end.getAsDouble()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    private static RtspException.BadHeader syntax(String m) {
        return new RtspException.BadHeader(RtspStatus.BAD_REQUEST, m);
    }
}
