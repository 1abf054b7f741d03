#!/usr/bin/env bash
# Encoder benchmark (issue 13): every camstream preset x clip (testsrc2, mandelbrot, pan, noise) x size
# (320x240, 640x480, 1280x720) x bitrate (1, 3 Mb/s), one thread and all threads, against ffmpeg/libx264
# ultrafast and veryfast (one thread, re-run at camstream's achieved rate) and JCodec 0.2.5, in one run.
# Prints the tables and writes them into docs/benchmarks.md between the encoder:begin/encoder:end markers
# (the rest of the file is left alone). Needs ffmpeg with libx264. A full run takes about 30-40 minutes on a
# loaded 2-core machine. Extra arguments go to EncoderBenchmark (see MatrixOptions), e.g.
#   --quick                                  harness check: 20 frames, one run, no warm-up
#   --presets FAST --sizes 640x480 --clips pan,noise --rates 1000,3000 --x264 veryfast --no-jcodec
#   --runs 3 --threads 2 --frames 60 --doc /tmp/b.md
#   --issue3 ...                             (first) the issue-3 tables: default preset vs JCodec sweep and x264
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl benchmarks -am -DskipTests -DincludeScope=runtime package dependency:copy-dependencies
# Snapshot the jars so that a concurrent rebuild of h264-baseline cannot change classes mid-run.
lib=benchmarks/target/dependency   # copy-dependencies: h264-baseline jar + jcodec jar
cp benchmarks/target/camstream-benchmarks-*.jar "$lib/"
snap=benchmarks/target/bench-lib-$$
rm -rf "$snap" && cp -r "$lib" "$snap"
trap 'rm -rf "$snap"' EXIT
java -Xmx2g -XX:+UseSerialGC -cp "$snap/*" org.camstream.bench.EncoderBenchmark "$@"
