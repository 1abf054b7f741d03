package org.camstream.bench;

import java.util.Locale;

/**
 * The synthetic clips, each an ffmpeg lavfi filter graph at a given size and frame rate, so the
 * benchmark needs no media files. Stateless.
 */
enum ClipSource {
    /** ffmpeg's moving test pattern: gradients, text, a moving box; easy motion. */
    TESTSRC2("testsrc2") {
        @Override
        String graph(int w, int h, int fps) {
            return String.format(Locale.ROOT, "testsrc2=size=%dx%d:rate=%d", w, h, fps);
        }
    },
    /** Mandelbrot zoom: fine detail everywhere, zooming (hard for block motion). */
    MANDELBROT("mandelbrot") {
        @Override
        String graph(int w, int h, int fps) {
            return String.format(Locale.ROOT, "mandelbrot=size=%dx%d:rate=%d", w, h, fps);
        }
    },
    /**
     * A camera pan: one synthetic textured still (sinusoids, a checkerboard, rings, coloured chroma)
     * at twice the size, rendered once, looped, and cropped with a smoothly accelerating window.
     */
    PAN("pan") {
        @Override
        String graph(int w, int h, int fps) {
            return String.format(Locale.ROOT,
                    "color=c=gray:size=%dx%d:rate=%d,trim=end_frame=1,"
                            + "geq=lum='90+35*sin(X/11+Y/37)*cos(Y/13)+60*mod(floor(X/48)+floor(Y/48)\\,2)"
                            + "+25*sin(hypot(X-W/2\\,Y-H/2)/7)':cb='128+45*sin(X/57)':cr='128+45*cos(Y/43)',"
                            + "loop=loop=-1:size=1:start=0,"
                            + "crop=w=%d:h=%d:x='(iw-ow)/2*(1-cos(n/40))':y='(ih-oh)/2*(1-cos(n/57))'",
                    2 * w, 2 * h, fps, w, h);
        }
    },
    /** testsrc2 with strong temporal noise: the worst case for inter prediction. */
    NOISE("noise") {
        @Override
        String graph(int w, int h, int fps) {
            return String.format(Locale.ROOT, "testsrc2=size=%dx%d:rate=%d,noise=alls=12:allf=t", w, h, fps);
        }
    };

    final String label;

    ClipSource(String label) {
        this.label = label;
    }

    /** @return the lavfi graph producing this clip at w x h and fps */
    abstract String graph(int w, int h, int fps);
}
