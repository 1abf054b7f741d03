#!/bin/sh
# Server benchmark (issue #5): allocation per frame, and fan-out of a 1280x720 ~3 Mb/s stream to
# 1/10/50/100 clients over UDP and TCP, camstream vs gst-rtsp-server, on loopback.
# Writes docs/benchmarks.md (its generated server section) and docs/fanout.png. Takes about 8 minutes.
#   benchmarks/scripts/run-server-benchmark.sh [--counts 1,10,50,100] [--seconds 10] [--servers camstream,gst]
#                                              [--transports udp,tcp] [--alloc true]
#     (--counts none skips the fan-out; --childJvm "<options>" adds JVM options to the camstream child;
#      --queuedFrames 4 is camstream's option in all rows but the extra "q=1" rows of --compareQueuedFrames 1)
#   benchmarks/scripts/run-server-benchmark.sh jmh [JMH options]   # the JMH micro-benchmarks instead
#   benchmarks/scripts/run-server-benchmark.sh publish [--seconds 20] [--warmup 35]   # publisher vs server CPU per Mbit
#   benchmarks/scripts/run-server-benchmark.sh footprint [clients|soak|all] [options]   # memory (issue 14 item 4)
#     clients: extra heap+direct and RSS per healthy client, 0/1/10/100 TCP and UDP receivers, camstream and gst
#              (FootprintHarness: [--counts 0,1,10,100] [--servers camstream,gst] [--transports tcp,udp] [--warmup 10])
#     soak:    the QVGA demo in -Xmx16m -XX:+UseSerialGC, 4 clients (FootprintSoak: [--seconds 600] [--sample 30])
#     all (the default): clients, then soak; ~20 min
#   benchmarks/scripts/run-server-benchmark.sh floor [clients seconds alternations]   # JDK UDP floor: send() vs connected write()
# Needs: JDK 17, Maven, ffmpeg (makes the clip once), /usr/bin/python3 with python3-gi and
# gir1.2-gst-rtsp-server-1.0 (Debian: gstreamer1.0-rtsp), gstreamer1.0-plugins-good/bad (rtph264pay, h264parse).
set -eu
cd "$(dirname "$0")/../.."
# Our classes removed first so the module is recompiled whole and JMH's annotation processor writes
# META-INF/BenchmarkList again (an incremental build that skips compilation may leave it out).
rm -rf benchmarks/target/classes/org/camstream/bench/server benchmarks/target/classes/META-INF/BenchmarkList
mvn -q -B -pl benchmarks -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/cp.txt
# Private copies of the jars: other builds in this tree may clean target/ while the benchmark runs.
LIB=benchmarks/target/server-bench/lib
rm -rf "$LIB" && mkdir -p "$LIB"
cp benchmarks/target/camstream-benchmarks-*.jar "$LIB"/
tr ':' '\n' < benchmarks/target/cp.txt | while read -r jar; do cp "$jar" "$LIB"/; done
CP="$(ls "$LIB"/*.jar | tr '\n' ':')"
if [ "${1:-}" = "jmh" ]; then
    shift
    exec java -cp "$CP" org.openjdk.jmh.Main 'org.camstream.bench.server.*Benchmark' "$@"
fi
if [ "${1:-}" = "publish" ]; then
    shift
    exec java -Xmx512m -cp "$CP" org.camstream.bench.server.PublishCpuHarness "$@"
fi
if [ "${1:-}" = "footprint" ]; then
    shift
    part=all
    case "${1:-}" in clients|soak|all) part=$1; shift ;; esac
    if [ "$part" != soak ]; then
        java -Xmx512m -cp "$CP" org.camstream.bench.server.FootprintHarness "$@"
    fi
    if [ "$part" != clients ]; then
        java -Xmx256m -cp "$CP" org.camstream.bench.server.FootprintSoak "$@"
    fi
    exit 0
fi
if [ "${1:-}" = "floor" ]; then
    shift
    exec java -Xmx256m -cp "$CP" org.camstream.bench.server.JdkFloor "$@"
fi
exec java -Xmx512m -cp "$CP" org.camstream.bench.server.FanoutHarness "$@"
