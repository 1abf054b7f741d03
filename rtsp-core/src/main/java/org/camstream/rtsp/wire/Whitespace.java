package org.camstream.rtsp.wire;

/**
 * String.strip, stripTrailing and isBlank (Java 11) for a library that also runs on Android API 24,
 * which has none of them: the same rule, whitespace as {@link Character#isWhitespace(char)} at either
 * end (header values are ASCII; no supplementary character is whitespace).
 */
public final class Whitespace {
    private Whitespace() {
    }

    /** {@code s} without leading and trailing whitespace. */
    public static String strip(String s) {
        int end = trailingEnd(s);
        int start = 0;
        while (start < end && Character.isWhitespace(s.charAt(start))) {
            start++;
        }
        return s.substring(start, end);
    }

    /** {@code s} without trailing whitespace. */
    public static String stripTrailing(String s) {
        return s.substring(0, trailingEnd(s));
    }

    /** Whether {@code s} is empty or only whitespace. */
    public static boolean isBlank(String s) {
        return trailingEnd(s) == 0;
    }

    private static int trailingEnd(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
