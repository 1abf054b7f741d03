#!/usr/bin/env bash
# Encoder benchmark (issue #3 item 6): camstream vs JCodec 0.2.5 vs ffmpeg/libx264 ultrafast, all in one
# run. Prints the tables and writes them into docs/benchmarks.md between the encoder:begin/encoder:end
# markers (created at the top if absent; the rest of the file is left alone). Needs ffmpeg with libx264.
# Takes about 6-8 minutes on 2 cores (the JCodec sweep is most of it). Extra arguments go to
# EncoderBenchmark, e.g. --quick (harness check only: few frames, one timed run) or --doc /tmp/b.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl benchmarks -am -Dmaven.test.skip=true -DincludeScope=runtime package dependency:copy-dependencies
# Snapshot the jars so that a concurrent rebuild of h264-baseline cannot change classes mid-run.
lib=benchmarks/target/dependency   # copy-dependencies: h264-baseline jar + jcodec jar
cp benchmarks/target/camstream-benchmarks-*.jar "$lib/"
exec java -Xmx2g -XX:+UseSerialGC -cp "$lib/*" org.camstream.bench.EncoderBenchmark "$@"
