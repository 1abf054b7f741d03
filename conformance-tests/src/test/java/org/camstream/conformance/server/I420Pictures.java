package org.camstream.conformance.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Per-picture MD5s of a file of packed I420 pictures (as GStreamer's I420 filesink writes). Stateless. */
final class I420Pictures {
    private I420Pictures() {}

    /**
     * The MD5 of each {@code frameBytes}-byte picture in {@code file}, in order (the same hash as
     * ffmpeg's framemd5 of a yuv420p picture); fails unless the file holds whole pictures.
     */
    static List<String> md5s(Path file, int frameBytes) {
        try {
            long size = Files.size(file);
            if (size % frameBytes != 0) {
                throw new AssertionError(file + " (" + size + " bytes) does not hold whole "
                        + frameBytes + "-byte pictures");
            }
            List<String> out = new ArrayList<>();
            byte[] picture = new byte[frameBytes]; // one at a time: raw video is large
            try (InputStream in = Files.newInputStream(file)) {
                for (long i = 0; i < size / frameBytes; i++) {
                    if (in.readNBytes(picture, 0, frameBytes) != frameBytes) {
                        throw new AssertionError(file + " shrank while being read");
                    }
                    out.add(ReferenceStream.md5(picture, 0, frameBytes));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
